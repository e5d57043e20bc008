namespace Switchboard.Speech.Failover;

/// <summary>
/// Advances a provider's enumerator, racing its first item against the first-result deadline, and captures a provider
/// failure instead of throwing it so the failover can switch (C# cannot yield inside a try with a catch).
/// </summary>
internal static class TimedStep
{
    internal static async Task<StepOutcome> NextAsync<T>(
        IAsyncEnumerator<T> enumerator, Task? deadline, CancellationTokenSource primaryStop, string provider, TimeSpan? timeout, CancellationToken caller)
    {
        try
        {
            Task<bool> move = enumerator.MoveNextAsync().AsTask();
            if (deadline is not null && await Task.WhenAny(move, deadline) == deadline)
            {
                await primaryStop.CancelAsync();
                try
                {
                    await move;
                }
                catch (Exception)
                {
                    // The primary is being abandoned; only the timeout matters.
                }

                caller.ThrowIfCancellationRequested();
                return new StepOutcome(false, new SpeechProviderException(provider, null, $"no result within {timeout}"));
            }

            return new StepOutcome(await move, null);
        }
        catch (Exception ex) when (FailoverCircuit.IsProviderFailure(ex, caller))
        {
            return new StepOutcome(false, ex);
        }
    }
}
