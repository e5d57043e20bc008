namespace Switchboard.Sip.Tests.Transactions;

/// <summary>
/// Skips when sipsak is missing, unless SWITCHBOARD_TEST_REQUIRE_SERVICES=1, in which case the test runs and fails.
/// </summary>
public sealed class SipsakTheoryAttribute : TheoryAttribute
{
    public SipsakTheoryAttribute()
    {
        if (SipsakPath is null && Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") != "1")
        {
            Skip = "sipsak is not installed (apt-get install -y sipsak)";
        }
    }

    public static string? SipsakPath { get; } = FindSipsak();

    private static string? FindSipsak()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, "sipsak");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
