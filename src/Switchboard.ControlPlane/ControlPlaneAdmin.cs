using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Data;

namespace Switchboard.ControlPlane;

/// <summary>Operations for the <c>switchboard</c> command-line verbs, which run without an API key.</summary>
public static class ControlPlaneAdmin
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>Creates the organization if needed and a key in it; returns the key id and the secret.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message names every problem.</exception>
    public static async Task<(string KeyId, string OrganizationId, string Secret)> CreateApiKeyAsync(
        IServiceProvider services, string organization, string name, IReadOnlyList<string> scopes, int? rateLimitPerMinute,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(organization) || organization.Length > 200)
            throw new ArgumentException("--org must be 1 to 200 characters.", nameof(organization));

        await using var scope = services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var request = new CreateApiKeyRequest(name, scopes, rateLimitPerMinute, null, null);
        var errors = issuer.Validate(request);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)), nameof(scopes));

        var org = await issuer.EnsureOrganizationAsync(organization.Trim(), ct);
        var (key, secret) = issuer.Add(org.Id, request);
        await db.SaveChangesAsync(ct);
        return (key.Id, org.Id, secret);
    }
}
