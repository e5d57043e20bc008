using System.Text.Json;

namespace Switchboard.ControlPlane.Tables;

/// <summary>One typed condition of <c>query_table</c>: <c>{ "column", "op", "value" }</c>.</summary>
internal sealed record TableFilter(string Column, string Op, JsonElement Value);
