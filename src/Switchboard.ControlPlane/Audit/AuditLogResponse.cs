namespace Switchboard.ControlPlane.Audit;

internal sealed record AuditLogResponse(
    string Id,
    string Action,
    string TargetType,
    string? TargetId,
    string? ActorApiKeyId,
    string? RequestId,
    string? ClientIp,
    DateTimeOffset CreatedAt)
{
    public static AuditLogResponse From(AuditLog row) =>
        new(row.Id, row.Action, row.TargetType, row.TargetId, row.ActorApiKeyId, row.RequestId, row.ClientIp, row.CreatedAt);
}
