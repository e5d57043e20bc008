using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

namespace Switchboard.Speech.Tests;

/// <summary>
/// A fact that needs flite and/or pocketsphinx. Without them it is skipped with the package to install, unless
/// SWITCHBOARD_TEST_REQUIRE_SERVICES=1, in which case it runs and fails on the missing library.
/// </summary>
internal sealed class NativeFactAttribute : FactAttribute
{
    public NativeFactAttribute(bool flite = true, bool pocketSphinx = false)
    {
        if (Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REQUIRE_SERVICES") == "1")
        {
            return;
        }

        if (flite && !FliteTextToSpeechClient.IsAvailable)
        {
            Skip = "flite is not installed (apt-get install -y libflite1).";
        }
        else if (pocketSphinx && !PocketSphinxSpeechToTextClient.IsAvailable)
        {
            Skip = "pocketsphinx is not installed (apt-get install -y libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us).";
        }
    }
}
