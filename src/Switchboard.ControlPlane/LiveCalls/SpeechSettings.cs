using Microsoft.Extensions.Configuration;
using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Cloud speech keys from <c>Speech:*</c> settings, else the vendors' usual environment variables.</summary>
public static class SpeechSettings
{
    public static SpeechProviderOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SpeechProviderOptions();
        configuration.GetSection(SpeechProviderOptions.Section).Bind(options);
        options.DeepgramApiKey ??= Environment.GetEnvironmentVariable("DEEPGRAM_API_KEY");
        options.OpenAIApiKey ??= Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        options.ElevenLabsApiKey ??= Environment.GetEnvironmentVariable("ELEVENLABS_API_KEY");
        return options;
    }
}
