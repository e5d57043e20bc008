namespace Switchboard.ControlPlane.Common;

/// <summary>A page of a list endpoint: <c>{ "data": [...], "has_more": bool, "next_cursor": "..." }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, bool HasMore, string? NextCursor);
