using System.Text.Json;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>One call of a built-in: validated arguments and the organization's data context.</summary>
internal sealed record BuiltinInvocation(string OrganizationId, JsonElement Arguments, string? CallId, SwitchboardDbContext Db);
