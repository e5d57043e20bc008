using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Realtime.Tests;

/// <summary>
/// A fact that runs a call with the offline speech engines. Without them it is skipped with the packages to install,
/// unless SWITCHBOARD_TEST_REQUIRE_SERVICES=1, in which case it runs and fails on the missing library.
/// </summary>
internal sealed class NativeFactAttribute : FactAttribute
{
    public NativeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1") return;
        if (!FliteTextToSpeechClient.IsAvailable || !PocketSphinxSpeechToTextClient.IsAvailable)
            Skip = "flite/pocketsphinx not installed (apt-get install -y libflite1 libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us).";
    }
}
