using System.Runtime.CompilerServices;

namespace Switchboard.Realtime.ResponseEngines.Flow;

// A transfer that did not happen: the flow continues at the transfer node's on_failure (with transfer_outcome set), or
// apologises and ends the call when the node has none.
public sealed partial class FlowResponseEngine
{
    /// <summary>The variable a flow can branch on after a failed transfer: no_answer, busy or failed.</summary>
    public const string TransferOutcomeVariable = "transfer_outcome";

    /// <inheritdoc />
    public IAsyncEnumerable<ResponseEvent> TransferFailedAsync(TransferFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return TextSpacing.Separate(TransferFailedCoreAsync(failure, cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<ResponseEvent> TransferFailedCoreAsync(TransferFailure failure, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _variables[TransferOutcomeVariable] = failure.Outcome;
        yield return new VariablesChanged(new Dictionary<string, string>(StringComparer.Ordinal) { [TransferOutcomeVariable] = failure.Outcome });
        var node = _current;
        if (node.Kind == FlowNodeKind.Transfer && node.OnFailure is null)
        {
            yield return new TextDelta(FlowDefaults.TransferFailedGoodbye);
            yield return new CallAction(CallActionKind.EndCall, null, "transfer_failed");
            yield break;
        }

        // From a transfer node: its on_failure. From a function node's transfer_call: the node after it, already current.
        _ended = false;
        if (node.Kind == FlowNodeKind.Transfer) Advance(node, node.OnFailure!, "transfer_failed");
        await foreach (var e in RunAsync(cancellationToken)) yield return e;
    }
}
