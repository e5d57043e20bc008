using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Audio.Vad;
using Switchboard.ControlPlane.Functions;
using Switchboard.Realtime.ResponseEngines;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;
using Switchboard.Realtime.Tools.BuiltIns;
using Switchboard.Speech.Flite;
using Switchboard.Speech.PocketSphinx;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>
/// What every live call shares: the offline recognizer pool, flite, the Silero model, the speech provider picker and the
/// response engine factory (built-in tools plus the organization's registered functions, journaled in the database).
/// The native engines load on the first call, so a server without them still serves its API and says why calls fail.
/// </summary>
/// <remarks>Thread-safe singleton; disposed with the host.</remarks>
internal sealed class LiveCallResources : IDisposable
{
    private readonly Lazy<FliteTextToSpeechClient> _flite;
    private readonly Lazy<PocketSphinxSpeechToTextClient> _pocketSphinx;
    private readonly Lazy<SileroVadModel> _vad = new(SileroVadModel.LoadEmbedded);
    private readonly Lazy<SpeechProviders> _speech;

    public LiveCallResources(IOptions<LiveCallOptions> options, IConfiguration configuration, FunctionToolRegistry functions,
        IToolCallJournal journal, ILoggerFactory loggers)
    {
        var poolSize = options.Value.RecognizerPoolSize;
        var fliteCache = options.Value.FliteSentenceCacheMegabytes * 1024L * 1024;
        _flite = new(() => new FliteTextToSpeechClient(new FliteTextToSpeechClientOptions { SentenceCacheBytes = fliteCache }));
        _pocketSphinx = new(() => new PocketSphinxSpeechToTextClient(new PocketSphinxSpeechToTextClientOptions { PoolSize = poolSize }));
        var speechOptions = SpeechSettings.Read(configuration);
        _speech = new(() => new SpeechProviders(_pocketSphinx.Value, _flite.Value, speechOptions));
        Engines = new ResponseEngineFactory(new CompositeToolRegistry(new BuiltInToolRegistry(), functions), journal, loggers);
    }

    public ResponseEngineFactory Engines { get; }

    /// <exception cref="Switchboard.Speech.SpeechNativeLibraryException">flite or pocketsphinx is not installed.</exception>
    /// <exception cref="InvalidOperationException">The agent's provider needs a key that is not configured.</exception>
    public (ISpeechToTextClient Stt, ITextToSpeechClient Tts) SpeechFor(AgentDefinition agent)
    {
        var stt = _speech.Value.SpeechToTextFor(agent);
        try
        {
            return (stt, _speech.Value.TextToSpeechFor(agent));
        }
        catch
        {
            stt.Dispose();
            throw;
        }
    }

    public IVoiceActivityDetector VadFor(AgentDefinition agent) =>
        _vad.Value.CreateDetector(CallSession.RecognizerRate, CallSession.VadOptionsFor(agent));

    public void Dispose()
    {
        if (_pocketSphinx.IsValueCreated) _pocketSphinx.Value.Dispose();
        if (_flite.IsValueCreated) _flite.Value.Dispose();
        if (_vad.IsValueCreated) _vad.Value.Dispose();
    }
}
