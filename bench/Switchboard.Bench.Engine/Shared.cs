using Switchboard.Audio.Vad;
using Switchboard.Speech.Flite;

namespace Switchboard.Bench.Engine;

/// <summary>Expensive things every mode shares: flite, the Silero model, and the caller's phrase.</summary>
internal sealed class Shared : IDisposable
{
    public const string CallerPhrase = "i would like to book a cleaning appointment for next tuesday";
    public const string Greeting = "Hello, thank you for calling the dental office.";
    public const string Reply = "Sure, I can help you with that.";

    private Shared(FliteTextToSpeechClient flite, SileroVadModel silero, short[] caller, byte[] reply, byte[] longSpeech)
    {
        Flite = flite;
        Silero = silero;
        CallerAudio = caller;
        ReplyPcm = reply;
        LongSpeechPcm = longSpeech;
    }

    public FliteTextToSpeechClient Flite { get; }
    public SileroVadModel Silero { get; }
    public short[] CallerAudio { get; }
    public byte[] ReplyPcm { get; }
    public byte[] LongSpeechPcm { get; }

    public static async Task<Shared> CreateAsync()
    {
        var flite = new FliteTextToSpeechClient();
        var caller = await Speech.SamplesAsync(flite, CallerPhrase).ConfigureAwait(false);
        var reply = await Speech.BytesAsync(flite, Reply).ConfigureAwait(false);
        var longSpeech = await Speech.BytesAsync(flite,
            "Our office is open from Monday to Friday. We offer cleanings, checkups, fillings and crowns. " +
            "Parking is available behind the building. Please arrive ten minutes early for your first visit.").ConfigureAwait(false);
        return new Shared(flite, SileroVadModel.LoadEmbedded(), caller, reply, longSpeech);
    }

    public IVoiceActivityDetector Vad(string kind, Realtime.Sessions.AgentDefinition agent)
    {
        var options = Realtime.Sessions.CallSession.VadOptionsFor(agent);
        return kind == "energy"
            ? new EnergyVoiceActivityDetector(Realtime.Sessions.CallSession.RecognizerRate, options)
            : Silero.CreateDetector(Realtime.Sessions.CallSession.RecognizerRate, options);
    }

    public void Dispose()
    {
        Flite.Dispose();
        Silero.Dispose();
    }
}
