using Microsoft.Extensions.AI;
using Switchboard.Realtime.Sessions;
using Switchboard.Speech.Failover;

#pragma warning disable MEAI001

namespace Switchboard.Realtime.Tests.Sessions;

public sealed class SpeechProvidersTests
{
    private static readonly SpeechProviderOptions Keys = new() { DeepgramApiKey = "dg", OpenAIApiKey = "oa", ElevenLabsApiKey = "el" };

    private static AgentDefinition Agent(string stt, string voice) => new()
    {
        Id = "agent_1",
        Engine = ResponseEngineKind.Flow,
        Stt = new SpeechRecognitionSettings { Provider = stt },
        Voice = new VoiceSettings { Provider = voice, VoiceId = "v1" },
    };

    [Fact]
    public void Offline_providers_are_lent_and_disposing_the_loan_keeps_the_shared_client()
    {
        var stt = new CountingStt();
        var tts = new CountingTts();
        var providers = new SpeechProviders(stt, tts, new SpeechProviderOptions());
        using (var lent = providers.SpeechToTextFor(Agent("pocketsphinx", "flite"))) Assert.IsNotType<FailoverSpeechToTextClient>(lent);
        using (providers.TextToSpeechFor(Agent("pocketsphinx", "flite"))) { }
        Assert.Equal((0, 0), (stt.Disposed, tts.Disposed));
    }

    [Theory]
    [InlineData("deepgram")]
    [InlineData("openai")]
    public void Cloud_recognizers_fail_over_to_the_offline_one(string provider)
    {
        var stt = new CountingStt();
        var providers = new SpeechProviders(stt, new CountingTts(), Keys);
        using (var client = providers.SpeechToTextFor(Agent(provider, "flite"))) Assert.IsType<FailoverSpeechToTextClient>(client);
        Assert.Equal(0, stt.Disposed);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("elevenlabs")]
    public void Cloud_voices_fail_over_to_flite(string provider)
    {
        var tts = new CountingTts();
        var providers = new SpeechProviders(new CountingStt(), tts, Keys);
        using (var client = providers.TextToSpeechFor(Agent("pocketsphinx", provider))) Assert.IsType<FailoverTextToSpeechClient>(client);
        Assert.Equal(0, tts.Disposed);
    }

    [Fact]
    public void A_cloud_provider_without_its_key_or_an_unknown_provider_is_refused_by_name()
    {
        var providers = new SpeechProviders(new CountingStt(), new CountingTts(), new SpeechProviderOptions());
        Assert.Contains("Speech:ElevenLabsApiKey", Assert.Throws<InvalidOperationException>(() => providers.TextToSpeechFor(Agent("pocketsphinx", "elevenlabs"))).Message);
        Assert.Contains("Speech:DeepgramApiKey", Assert.Throws<InvalidOperationException>(() => providers.SpeechToTextFor(Agent("deepgram", "flite"))).Message);
        Assert.Contains("pocketsphinx, deepgram or openai", Assert.Throws<InvalidOperationException>(() => providers.SpeechToTextFor(Agent("whisper", "flite"))).Message);
    }

    private sealed class CountingStt : ISpeechToTextClient
    {
        public int Disposed;
        public Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public object? GetService(Type serviceType, object? serviceKey = null) => null;
        public void Dispose() => Disposed++;
    }

    private sealed class CountingTts : ITextToSpeechClient
    {
        public int Disposed;
        public Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public object? GetService(Type serviceType, object? serviceKey = null) => null;
        public void Dispose() => Disposed++;
    }
}
