using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Realtime.ResponseEngines.Llm;

// A transfer the model asked for did not happen: it learns why as a note and answers the caller, who is still there.
public sealed partial class LlmResponseEngine
{
    /// <inheritdoc />
    public IAsyncEnumerable<ResponseEvent> TransferFailedAsync(TransferFailure failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return TransferFailedCoreAsync(failure, cancellationToken);
    }

    private async IAsyncEnumerable<ResponseEvent> TransferFailedCoreAsync(TransferFailure failure, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var settled in SettleParkedAsync(cancellationToken)) yield return settled;
        var why = failure.Outcome switch
        {
            Transports.TransferOutcomeCodes.NoAnswer => "nobody answered",
            Transports.TransferOutcomeCodes.Busy => "the line was busy",
            _ => "it could not be completed",
        };
        var detail = string.IsNullOrWhiteSpace(failure.Detail) ? "" : $" ({failure.Detail})";
        _history.Add(new ChatMessage(ChatRole.User,
            $"[System note; the caller did not say this] The transfer to {failure.Target} did not go through: {why}{detail}. "
            + "You are still on the line with the caller. Tell them briefly and offer to help another way."));
        _history.BeginResponse();
        await foreach (var item in RunModelAsync(cancellationToken)) yield return item;
    }
}
