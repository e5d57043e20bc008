namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>The operator of one <c>branch</c> condition.</summary>
internal enum FlowConditionKind
{
    Equals,
    Contains,
    Regex,
    In,
    Exists,
    Digits,
    Keywords,
    Llm,
}
