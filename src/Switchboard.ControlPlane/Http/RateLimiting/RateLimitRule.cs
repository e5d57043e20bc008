using System.Globalization;

namespace Switchboard.ControlPlane.Http.RateLimiting;

/// <summary>
/// One quota policy: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>, advertised under
/// <see cref="Name"/> in the <c>RateLimit-Policy</c> and <c>RateLimit</c> response fields.
/// </summary>
/// <remarks>
/// Immutable and therefore safe to share between threads; create one per configured policy at start-up
/// and reuse it for every request. The window must be a whole number of seconds because the draft's
/// <c>w</c> parameter has no sub-second precision, and the name must be printable ASCII because it is sent
/// as a structured-field string.
/// </remarks>
internal sealed class RateLimitRule
{
    /// <summary>Longest accepted policy name; names are echoed in every response header.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Longest accepted window. Longer periods are quotas (<see cref="IQuotaStore"/>), not rate limits.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>Creates a rule.</summary>
    /// <param name="name">Policy identifier, 1–64 printable ASCII characters, e.g. <c>perkey</c>.</param>
    /// <param name="permitLimit">Requests allowed per window; at least 1, at most one per microsecond of window.</param>
    /// <param name="window">Window length: whole seconds, 1 s to 31 days.</param>
    /// <exception cref="ArgumentException">The name is empty, too long or not printable ASCII.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit or the window is out of range.</exception>
    public RateLimitRule(string name, int permitLimit, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"Rate-limit policy name must be at most {MaxNameLength} characters.", nameof(name));
        }

        foreach (char c in name)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException("Rate-limit policy name must be printable ASCII (it is sent as a structured-field string).", nameof(name));
            }
        }

        if (window < TimeSpan.FromSeconds(1) || window > MaxWindow || window.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "Rate-limit window must be a whole number of seconds between 1 second and 31 days.");
        }

        long windowMicroseconds = window.Ticks / TimeSpan.TicksPerMicrosecond;
        if (permitLimit < 1 || permitLimit > windowMicroseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(permitLimit), permitLimit, "Rate-limit permit limit must be at least 1 and at most one per microsecond of the window.");
        }

        Name = name;
        PermitLimit = permitLimit;
        Window = window;
        EmissionIntervalMicroseconds = (windowMicroseconds + permitLimit - 1) / permitLimit;
    }

    /// <summary>Policy identifier sent in the headers.</summary>
    public string Name { get; }

    /// <summary>Requests allowed per <see cref="Window"/> (the draft's <c>q</c>).</summary>
    public int PermitLimit { get; }

    /// <summary>Window length (the draft's <c>w</c>).</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// GCRA emission interval: the time one request "costs". Rounded up to a whole microsecond so every
    /// store does the same integer arithmetic; a burst therefore spans <c>PermitLimit × interval</c>, which
    /// exceeds <see cref="Window"/> by less than <see cref="PermitLimit"/> microseconds.
    /// </summary>
    internal long EmissionIntervalMicroseconds { get; }

    /// <summary>Time a full burst occupies: the GCRA capacity.</summary>
    internal long CapacityMicroseconds => EmissionIntervalMicroseconds * PermitLimit;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {PermitLimit} per {(long)Window.TotalSeconds}s");
}
