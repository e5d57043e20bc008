// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Failover;

/// <summary>Construction options of <see cref="FailoverTextToSpeechClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class TextToSpeechFailoverOptions
{
    /// <summary>How long the primary may take to produce its first audio before the fallback takes over; null waits indefinitely.</summary>
    public TimeSpan? FirstResultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After a primary failure, requests go straight to the fallback for this long; zero always tries the primary first.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Turns the request's options into the fallback's; voices differ by provider, so e.g. replace an ElevenLabs voice
    /// id with "slt" for flite. Null passes them unchanged.
    /// </summary>
    public Func<TextToSpeechOptions?, TextToSpeechOptions?>? FallbackOptions { get; set; }

    /// <summary>Clock of the timeout and the cooldown.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
