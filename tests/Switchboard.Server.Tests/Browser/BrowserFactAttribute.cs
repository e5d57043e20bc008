using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Browser;

/// <summary>
/// A test that drives headless Chromium. Without chromium, node or tests/browser's packages it is skipped with what to
/// install, unless SWITCHBOARD_TEST_REQUIRE_SERVICES=1, in which case it runs and fails on the missing tool.
/// </summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (TestEnvironment.RequireServices) return;
        if (BrowserTools.Missing() is { } missing) Skip = missing;
    }
}
