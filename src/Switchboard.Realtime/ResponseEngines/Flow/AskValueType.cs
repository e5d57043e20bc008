namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>How an <c>ask</c> node turns the caller's answer into a value.</summary>
internal enum AskValueType
{
    /// <summary>Any non-empty speech (or the digits pressed), trimmed.</summary>
    FreeText,

    /// <summary>One of the node's <c>expected</c> phrases.</summary>
    Expected,

    /// <summary>One of the node's <c>choices</c>, by value, synonym or digit.</summary>
    Choices,

    DayOfWeek,
    Number,
    YesNo,
    Name,
}
