namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// Thrown by <see cref="FlowResponseEngine"/> when it is given a flow that <see cref="FlowValidator"/> rejects
/// (the control plane validates on save, so this means a flow that bypassed the API). <see cref="Errors"/> lists every
/// problem.
/// </summary>
public sealed class FlowValidationException : Exception
{
    public FlowValidationException(IReadOnlyList<FlowValidationError> errors)
        : base("The conversation flow is invalid: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<FlowValidationError> Errors { get; }
}
