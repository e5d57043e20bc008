using Microsoft.Extensions.AI;

#pragma warning disable MEAI001 // the speech contracts are experimental in Microsoft.Extensions.AI 10.x

namespace Switchboard.Realtime.Sessions;

/// <summary>A process-wide recognizer lent to one call: disposing the loan leaves the shared client (and its decoder pool) alone.</summary>
internal sealed class SharedSpeechToTextClient(ISpeechToTextClient inner) : DelegatingSpeechToTextClient(inner)
{
    /// <summary>The shared client's PCM entry point, when it has one (the loan adds no behaviour to bypass).</summary>
    internal Speech.IPcmSpeechToTextClient? Pcm => InnerClient as Speech.IPcmSpeechToTextClient;

    // Deliberately not calling base.Dispose: that would dispose the shared inner client.
#pragma warning disable CA2215
    protected override void Dispose(bool disposing)
    {
    }
#pragma warning restore CA2215
}
