namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// Decides what the agent says: an LLM with tools, a conversation flow, or an IVR menu. The call session feeds it
/// completed user turns and speaks the text it streams back; everything else it wants done (call a tool, move to a
/// node, press digits, transfer, hang up) it reports as <see cref="ResponseEvent"/>s in the same stream.
/// </summary>
/// <remarks>
/// <para>One instance per call; the session never runs two of its methods at once. Cancelling the token of a running
/// response (the caller barged in) must stop it promptly without losing a tool call already started: such a call runs to
/// completion and its result is kept for the next turn.</para>
/// <para>After each response the session calls <see cref="Heard"/> with exactly the text the caller heard, which is
/// shorter than what was streamed when the caller interrupted; the engine's history must keep only that.</para>
/// </remarks>
public interface IResponseEngine : IAsyncDisposable
{
    /// <summary>The agent's opening (begin message, the flow's start node, the IVR prompt). Empty to wait for the caller.</summary>
    IAsyncEnumerable<ResponseEvent> StartAsync(CancellationToken cancellationToken);

    /// <summary>Answers one completed caller turn.</summary>
    IAsyncEnumerable<ResponseEvent> RespondAsync(UserTurn turn, CancellationToken cancellationToken);

    /// <summary>
    /// The caller has said nothing for the agent's reminder period (<paramref name="count"/> = 1 for the first time).
    /// Flows and IVR menus apply their no-input handling; an LLM agent prompts again.
    /// </summary>
    IAsyncEnumerable<ResponseEvent> NoInputAsync(int count, CancellationToken cancellationToken);

    /// <summary>
    /// What the caller heard of the last response: the whole text, or the words played before an interruption
    /// (<paramref name="interrupted"/> true). Called once per response that produced text.
    /// </summary>
    void Heard(string heardText, bool interrupted);

    /// <summary>Phrases the caller is likely to say next (flow options, menu keywords), used as recognizer hints.</summary>
    IReadOnlyList<string> ExpectedPhrases { get; }
}
