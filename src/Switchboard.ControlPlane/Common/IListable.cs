namespace Switchboard.ControlPlane.Common;

/// <summary>A row listed newest first with cursor pagination.</summary>
internal interface IListable
{
    string Id { get; }
    DateTimeOffset CreatedAt { get; }
}
