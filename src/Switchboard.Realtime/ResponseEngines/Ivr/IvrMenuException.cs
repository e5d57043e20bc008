namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>An IVR menu document was handed to the engine without passing <see cref="IvrMenuValidator"/>.</summary>
public sealed class IvrMenuException : ArgumentException
{
    public IvrMenuException(IReadOnlyList<IvrMenuError> errors)
        : base("The IVR menu is invalid: " + Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, not just the first.</summary>
    public IReadOnlyList<IvrMenuError> Errors { get; }

    private static string Describe(IReadOnlyList<IvrMenuError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var shown = errors.Take(5).Select(e => (e.Path.Length == 0 ? "(root)" : e.Path) + ": " + e.Message);
        return string.Join("; ", shown) + (errors.Count > 5 ? $"; and {errors.Count - 5} more." : "");
    }
}
