using System.Text.RegularExpressions;

namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>
/// One ordered edge of a <c>branch</c> node. <see cref="Operand"/> is the compared text (equals, contains, digits, the
/// LLM question), <see cref="Values"/> the list operand (in, keywords), <see cref="Pattern"/> the compiled regex.
/// </summary>
internal sealed record FlowCondition(
    FlowConditionKind Kind,
    string? Variable,
    string? Operand,
    IReadOnlyList<string> Values,
    Regex? Pattern,
    bool ShouldExist,
    string Next);
