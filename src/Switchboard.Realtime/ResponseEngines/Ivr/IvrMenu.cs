namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>
/// A parsed, validated menu. Settings a submenu leaves out (timeout, retries, prompts, on_max_retries) are already
/// filled in from its parent, so the engine never walks up the tree to find them. Immutable; shared by every call.
/// </summary>
internal sealed record IvrMenu(
    string Prompt,
    IReadOnlyList<IvrOption> Options,
    TimeSpan Timeout,
    int MaxRetries,
    string TimeoutPrompt,
    string InvalidPrompt,
    IvrAction OnMaxRetries)
{
    public IvrOption? FindByDigit(char digit)
    {
        foreach (var option in Options)
        {
            if (option.Digit == digit) return option;
        }
        return null;
    }
}
