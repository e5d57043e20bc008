namespace Switchboard.Realtime.ResponseEngines.Flow;

/// <summary>The node types of the flow format (the <c>type</c> field), see docs/flows.md.</summary>
internal enum FlowNodeKind
{
    Say,
    Ask,
    Branch,
    Function,
    Transfer,
    End,
}
