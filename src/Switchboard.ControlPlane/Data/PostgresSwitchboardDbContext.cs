using Microsoft.EntityFrameworkCore;

namespace Switchboard.ControlPlane.Data;

internal sealed class PostgresSwitchboardDbContext(DbContextOptions<PostgresSwitchboardDbContext> options)
    : SwitchboardDbContext(options);
