using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Audit;

/// <summary>
/// Adds an audit row to the same unit of work as the change it describes, so the change and its record
/// commit or fail together.
/// </summary>
internal sealed class AuditTrail(SwitchboardDbContext db, TenantContext tenant, AuditRequest request, TimeProvider time)
{
    public void Record(string action, string targetType, string? targetId)
    {
        db.AuditLogs.Add(new AuditLog
        {
            Id = Ids.New(Ids.Audit),
            OrganizationId = tenant.RequireOrganizationId(),
            ActorApiKeyId = tenant.ApiKeyId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            RequestId = request.RequestId,
            ClientIp = request.ClientIp,
            CreatedAt = time.GetUtcNow(),
        });
    }
}
