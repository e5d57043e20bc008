using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Data;

internal sealed class PostgresSwitchboardDbContext(DbContextOptions<PostgresSwitchboardDbContext> options, TenantContext? tenant = null)
    : SwitchboardDbContext(options, tenant);
