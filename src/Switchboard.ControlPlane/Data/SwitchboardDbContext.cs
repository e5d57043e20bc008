using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Ivr;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Tables;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.ControlPlane.Idempotency;
using Switchboard.ControlPlane.Secrets;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.Data;

/// <summary>
/// The one EF Core model. Provider-specific subclasses exist only so each provider keeps its own migrations.
/// Every tenant table has a query filter on the verified organization: without a tenant nothing matches, so
/// code that forgets to authenticate sees no rows rather than everyone's.
/// </summary>
internal abstract class SwitchboardDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>
    /// The request's tenant. Contexts are pooled, so this is set on every lease (see DatabaseSetup) rather than
    /// injected; a context leased outside a request has none and its filters match nothing.
    /// </summary>
    internal TenantContext? Tenant { get; set; }

    /// <summary>Read by the query filters; EF Core parameterizes it per query.</summary>
    internal string? TenantId => Tenant?.OrganizationId;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ApiKeyUsage> ApiKeyUsage => Set<ApiKeyUsage>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<AgentVersion> AgentVersions => Set<AgentVersion>();
    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();
    public DbSet<IvrMenu> IvrMenus => Set<IvrMenu>();
    public DbSet<IvrSession> IvrSessions => Set<IvrSession>();
    public DbSet<FunctionDefinition> Functions => Set<FunctionDefinition>();
    public DbSet<FunctionVersion> FunctionVersions => Set<FunctionVersion>();
    public DbSet<FunctionExecution> FunctionExecutions => Set<FunctionExecution>();
    public DbSet<DataTable> DataTables => Set<DataTable>();
    public DbSet<DataTableRow> DataTableRows => Set<DataTableRow>();
    public DbSet<Call> Calls => Set<Call>();
    public DbSet<CallEventRecord> CallEvents => Set<CallEventRecord>();
    public DbSet<CallToolCall> CallToolCalls => Set<CallToolCall>();
    public DbSet<Analysis.CallAnalysis> CallAnalyses => Set<Analysis.CallAnalysis>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<WebhookAgentSecret> WebhookAgentSecrets => Set<WebhookAgentSecret>();
    public DbSet<SipTrunk> SipTrunks => Set<SipTrunk>();
    public DbSet<PhoneNumber> PhoneNumbers => Set<PhoneNumber>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<OrganizationSecret> OrganizationSecrets => Set<OrganizationSecret>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Name).IsUnique();
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Prefix).HasMaxLength(20);
            e.Property(x => x.LastFour).HasMaxLength(4);
            e.Property(x => x.Scopes).HasMaxLength(1000);
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasIndex(x => x.PreviousHash);
            e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        });

        modelBuilder.Entity<ApiKeyUsage>(e =>
        {
            e.ToTable("api_key_usage");
            e.Property(x => x.EndpointGroup).HasMaxLength(60);
            e.HasIndex(x => new { x.ApiKeyId, x.Day, x.EndpointGroup }).IsUnique();
        });

        modelBuilder.Entity<Agent>(e =>
        {
            e.ToTable("agents");
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
            e.HasMany(x => x.Versions).WithOne().HasForeignKey(v => v.AgentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AgentVersion>(e =>
        {
            e.ToTable("agent_versions");
            e.HasIndex(x => new { x.AgentId, x.Version }).IsUnique();
        });

        modelBuilder.Entity<AuditLog>(e =>
        {
            e.ToTable("audit_logs");
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Action).HasMaxLength(80);
            e.Property(x => x.TargetType).HasMaxLength(40);
            e.Property(x => x.TargetId).HasMaxLength(80);
            e.Property(x => x.RequestId).HasMaxLength(128);
            e.Property(x => x.ClientIp).HasMaxLength(64);
            e.HasIndex(x => new { x.OrganizationId, x.CreatedAt });
        });

        modelBuilder.ApplyConfiguration(new IvrMenuConfiguration());
        modelBuilder.ApplyConfiguration(new IvrSessionConfiguration());
        modelBuilder.ApplyConfiguration(new FunctionDefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new FunctionVersionConfiguration());
        modelBuilder.ApplyConfiguration(new FunctionExecutionConfiguration());
        modelBuilder.ApplyConfiguration(new DataTableConfiguration());
        modelBuilder.ApplyConfiguration(new DataTableRowConfiguration());
        modelBuilder.ApplyConfiguration(new CallConfiguration());
        modelBuilder.ApplyConfiguration(new CallEventRecordConfiguration());
        modelBuilder.ApplyConfiguration(new CallToolCallConfiguration());
        modelBuilder.ApplyConfiguration(new Analysis.CallAnalysisConfiguration());
        modelBuilder.ApplyConfiguration(new SipTrunkConfiguration());
        modelBuilder.ApplyConfiguration(new PhoneNumberConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRecordConfiguration());
        modelBuilder.ApplyConfiguration(new OrganizationSecretConfiguration());
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WebhookEndpointConfiguration).Assembly,
            t => t.Namespace == typeof(WebhookEndpointConfiguration).Namespace);

        // snake_case columns: what PostgreSQL users expect, and what the raw upserts name.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties()) property.SetColumnName(SnakeCase.From(property.Name));
        }

        // Query filters name the tenant explicitly per entity type: a generic expression builder would hide
        // which tables are filtered, and this list is what a security review reads.
        modelBuilder.Entity<ApiKey>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<ApiKeyUsage>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<Agent>().HasQueryFilter(x => x.OrganizationId == TenantId && x.DeletedAt == null);
        modelBuilder.Entity<AgentVersion>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<AuditLog>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<IvrMenu>().HasQueryFilter(x => x.OrganizationId == TenantId && x.DeletedAt == null);
        modelBuilder.Entity<IvrSession>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<FunctionDefinition>().HasQueryFilter(x => x.OrganizationId == TenantId && x.DeletedAt == null);
        modelBuilder.Entity<FunctionVersion>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<FunctionExecution>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<DataTable>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<DataTableRow>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<Call>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<CallEventRecord>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<CallToolCall>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<Analysis.CallAnalysis>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<WebhookEndpoint>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<WebhookEvent>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<WebhookDelivery>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<WebhookAttempt>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<WebhookAgentSecret>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<SipTrunk>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<PhoneNumber>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<IdempotencyRecord>().HasQueryFilter(x => x.OrganizationId == TenantId);
        modelBuilder.Entity<OrganizationSecret>().HasQueryFilter(x => x.OrganizationId == TenantId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampAndGuard();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampAndGuard();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// New tenant rows take the verified organization; a row of another organization can never be written
    /// under a tenant; audit rows are never changed or removed.
    /// </summary>
    private void StampAndGuard()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditLog && entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("Audit log rows are append-only.");

            if (entry.Entity is not ITenantOwned owned || entry.State is EntityState.Unchanged or EntityState.Detached)
                continue;

            if (entry.State == EntityState.Added && string.IsNullOrEmpty(owned.OrganizationId))
            {
                owned.OrganizationId = TenantId
                    ?? throw new InvalidOperationException($"A new {entry.Entity.GetType().Name} has no organization.");
            }
            else if (TenantId is not null && owned.OrganizationId != TenantId)
            {
                throw new InvalidOperationException("A row of another organization cannot be written.");
            }
        }
    }
}
