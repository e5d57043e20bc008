namespace Switchboard.Audio.Tests.Wav;

/// <summary>
/// A fact that needs the sox binary: skipped with a reason when sox is missing, unless
/// SWITCHBOARD_TEST_REQUIRE_SERVICES=1, in which case it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SoxFactAttribute : FactAttribute
{
    public SoxFactAttribute()
    {
        if (!SoxRunner.IsAvailable && !SoxRunner.IsRequired)
        {
            Skip = "sox is not installed (apt-get install -y sox); set SWITCHBOARD_TEST_REQUIRE_SERVICES=1 to make this a failure.";
        }
    }
}
