namespace Switchboard.Realtime.ResponseEngines.Ivr;

/// <summary>A parsed, validated action. Only the fields of its <see cref="Type"/> are set.</summary>
internal sealed record IvrAction(IvrActionType Type, IvrMenu? Menu, string? Target, string? Text, IvrMessageThen Then)
{
    /// <summary>What a menu does after its last retry when the document says nothing.</summary>
    public static readonly IvrAction DefaultOnMaxRetries = new(IvrActionType.Hangup, null, null, "Goodbye.", IvrMessageThen.Hangup);
}
