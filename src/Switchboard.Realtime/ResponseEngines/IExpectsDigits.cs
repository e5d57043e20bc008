using Switchboard.Realtime.ResponseEngines.Flow;

namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// An engine that knows how many keys it wants next (a flow's <c>ask</c> with <c>max_digits</c>, an IVR menu's single
/// key), so the session ends a keypad turn the moment they arrive instead of waiting out the inter-digit timeout.
/// </summary>
/// <remarks>Read by the session between responses, never while one runs.</remarks>
public interface IExpectsDigits
{
    /// <summary>The keypad collection wanted now; null when no particular count is expected.</summary>
    FlowDigitCollection? ExpectedDigits { get; }
}
