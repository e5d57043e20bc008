namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// An engine that keeps a conversation history and so can take lines injected into a live call (the live call API's
/// <c>inject</c>): a line the agent speaks as its own, and context the model sees but nobody says.
/// </summary>
/// <remarks>Called by the session's engine loop, never while another method of the engine runs.</remarks>
public interface IAcceptsInjection
{
    /// <summary>The agent says <paramref name="text"/> now, as one response (the session then calls <c>Heard</c> as for any response).</summary>
    IAsyncEnumerable<ResponseEvent> SayAsync(string text, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="text"/> to what the model knows from now on, without speaking it.</summary>
    void AddContext(string text);
}
