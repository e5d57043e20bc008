namespace Switchboard.Audio.Dtmf;

/// <summary>
/// A DTMF digit recognised in a PCM stream. Immutable value; safe to share between threads.
/// </summary>
/// <param name="Digit">One of <c>0-9</c>, <c>*</c>, <c>#</c>, <c>A-D</c>.</param>
/// <param name="StartSample">Index, counted from the first sample given to the detector, of the first sample of
/// the analysis block in which the tone was first seen (block granularity is 10 ms).</param>
/// <param name="Start">The same instant as <paramref name="StartSample"/>, as time since the start of the stream.</param>
/// <param name="Duration">How long the tone was seen, quantised to 10 ms blocks.</param>
public readonly record struct DtmfDigitEvent(char Digit, long StartSample, TimeSpan Start, TimeSpan Duration);
