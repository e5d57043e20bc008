namespace Switchboard.Audio.Tests.Vad;

/// <summary>
/// A fact that needs external programs. Missing programs skip the test with the reason, except when
/// SWITCHBOARD_TEST_REQUIRE_SERVICES=1 (CI), where the test runs and fails loudly instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        Tools = tools;
        if (ExternalTools.ServicesRequired)
        {
            return;
        }

        string[] missing = Array.FindAll(tools, t => ExternalTools.Find(t) is null);
        if (missing.Length > 0)
        {
            Skip = $"Needs {string.Join(", ", missing)} (apt-get install -y {string.Join(' ', missing)}); set {ExternalTools.RequireVariable}=1 to make this a failure.";
        }
    }

    public IReadOnlyList<string> Tools { get; }
}
