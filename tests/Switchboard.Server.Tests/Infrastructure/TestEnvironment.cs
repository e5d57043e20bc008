namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// External services the tests use. Locally they are optional (tests that need them are left out, with the
/// reason printed); in CI <c>SWITCHBOARD_TEST_REQUIRE_SERVICES=1</c> makes a missing one a failure.
/// </summary>
internal static class TestEnvironment
{
    public static string? Postgres => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_POSTGRES");
    public static string? Redis => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS");
    public static bool RequireServices => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1";

    public static string? RequireOrNull(string? value, string name)
    {
        if (string.IsNullOrEmpty(value) && RequireServices)
            throw new InvalidOperationException($"{name} is not set but SWITCHBOARD_TEST_REQUIRE_SERVICES=1.");
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
