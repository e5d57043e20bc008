using Switchboard.Sip.Transactions;

namespace Switchboard.Sip.Tests.Transactions;

/// <summary>A tiny UAS on our layer: answers every request 200 and remembers what it answered.</summary>
internal static class OptionsResponder
{
    public static async Task RunAsync(SipTransactionLayer layer, List<SipServerTransaction> answered, CancellationToken ct)
    {
        try
        {
            await foreach (SipServerTransaction tx in layer.IncomingRequests.ReadAllAsync(ct))
            {
                lock (answered)
                {
                    answered.Add(tx);
                }

                await tx.SendResponseAsync(tx.CreateResponse(200), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }
}
