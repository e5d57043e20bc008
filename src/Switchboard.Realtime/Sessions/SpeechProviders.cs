using Microsoft.Extensions.AI;
using Switchboard.Speech.Deepgram;
using Switchboard.Speech.ElevenLabs;
using Switchboard.Speech.Failover;
using Switchboard.Speech.OpenAI;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.Realtime.Sessions;

/// <summary>
/// Picks the recognizer and voice an agent asks for. Cloud providers (Deepgram, OpenAI, ElevenLabs) are wrapped to fail
/// over to the offline engines (pocketsphinx, flite), so a provider outage costs quality, never the call. The offline
/// clients are shared by the process and only lent to calls.
/// </summary>
/// <remarks>Thread-safe. Each returned client belongs to the caller, who disposes it at the end of the call.</remarks>
public sealed class SpeechProviders(ISpeechToTextClient offlineStt, ITextToSpeechClient offlineTts, SpeechProviderOptions options)
{
    private readonly ISpeechToTextClient _offlineStt = offlineStt ?? throw new ArgumentNullException(nameof(offlineStt));
    private readonly ITextToSpeechClient _offlineTts = offlineTts ?? throw new ArgumentNullException(nameof(offlineTts));
    private readonly SpeechProviderOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <exception cref="InvalidOperationException">The provider needs a key that is not configured, or is unknown.</exception>
    public ISpeechToTextClient SpeechToTextFor(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var offline = new SharedSpeechToTextClient(_offlineStt);
        var stt = agent.Stt;
        switch (stt.Provider)
        {
            case "pocketsphinx":
                return offline;
            case "deepgram":
                var deepgram = new DeepgramSpeechToTextClientOptions { ApiKey = Key(_options.DeepgramApiKey, "deepgram", "DeepgramApiKey"), Language = stt.Language };
                if (_options.DeepgramEndpoint is { } endpoint) deepgram.Endpoint = endpoint;
                foreach (var keyword in stt.BoostedKeywords) deepgram.Keywords.Add(keyword);
                return new FailoverSpeechToTextClient(new DeepgramSpeechToTextClient(deepgram), offline);
            case "openai":
                var openAi = new OpenAISpeechToTextClientOptions { ApiKey = Key(_options.OpenAIApiKey, "openai", "OpenAIApiKey") };
                if (_options.OpenAIBaseUri is { } baseUri) openAi.BaseUri = baseUri;
                return new FailoverSpeechToTextClient(new OpenAISpeechToTextClient(openAi), offline);
            default:
                throw new InvalidOperationException($"Unknown speech recognition provider '{stt.Provider}': pocketsphinx, deepgram or openai.");
        }
    }

    /// <exception cref="InvalidOperationException">The provider needs a key that is not configured, or is unknown.</exception>
    public ITextToSpeechClient TextToSpeechFor(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var offline = new SharedTextToSpeechClient(_offlineTts);
        var voice = agent.Voice;
        // The fallback speaks with flite's default voice: a cloud voice id means nothing to flite.
        var failover = new TextToSpeechFailoverOptions { FallbackOptions = FliteVoice };
        switch (voice.Provider)
        {
            case "flite":
                return offline;
            case "openai":
                var openAi = new OpenAITextToSpeechClientOptions { ApiKey = Key(_options.OpenAIApiKey, "openai", "OpenAIApiKey"), Voice = voice.VoiceId };
                if (_options.OpenAIBaseUri is { } baseUri) openAi.BaseUri = baseUri;
                return new FailoverTextToSpeechClient(new OpenAITextToSpeechClient(openAi), offline, failover);
            case "elevenlabs":
                var eleven = new ElevenLabsTextToSpeechClientOptions { ApiKey = Key(_options.ElevenLabsApiKey, "elevenlabs", "ElevenLabsApiKey"), VoiceId = voice.VoiceId };
                if (_options.ElevenLabsBaseUri is { } elevenUri) eleven.BaseUri = elevenUri;
                return new FailoverTextToSpeechClient(new ElevenLabsTextToSpeechClient(eleven), offline, failover);
            default:
                throw new InvalidOperationException($"Unknown voice provider '{voice.Provider}': flite, openai or elevenlabs.");
        }
    }

    private static TextToSpeechOptions? FliteVoice(TextToSpeechOptions? options)
    {
        if (options is null) return null;
        var copy = options.Clone();
        copy.VoiceId = "slt";
        return copy;
    }

    private static string Key(string? key, string provider, string setting) =>
        string.IsNullOrEmpty(key) ? throw new InvalidOperationException($"The {provider} speech provider needs {SpeechProviderOptions.Section}:{setting}.") : key;
}
