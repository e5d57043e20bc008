using Microsoft.AspNetCore.Authorization;

namespace Switchboard.ControlPlane.ApiKeys;

internal sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;
