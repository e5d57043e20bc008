// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Failover;

/// <summary>Construction options of <see cref="FailoverSpeechToTextClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class SpeechToTextFailoverOptions
{
    /// <summary>
    /// How long the primary may take to produce its first update before the fallback takes over; null waits
    /// indefinitely. Remember that a silent caller produces no update either: keep it above the longest expected
    /// silence at the start of a stream.
    /// </summary>
    public TimeSpan? FirstResultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a primary failure, requests go straight to the fallback for this long; zero always tries the primary first.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Audio read by the primary before its first update is kept up to this many bytes so the fallback can hear it
    /// from the start; past it, a failure before the first update is not failed over (the audio is gone).
    /// </summary>
    public int MaxReplayBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Turns the request's options into the fallback's (e.g. drop a cloud model id); null passes them unchanged.</summary>
    public Func<SpeechToTextOptions?, SpeechToTextOptions?>? FallbackOptions { get; set; }

    /// <summary>Clock of the timeout and the cooldown.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
