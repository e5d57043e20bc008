using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.PhoneNumbers;

namespace Switchboard.ControlPlane.Secrets;

/// <summary>
/// <c>/secrets</c>: write-only values. The route parameter is named <c>id</c> like every other resource's, and a
/// secret's id is its name.
/// </summary>
internal static class SecretEndpoints
{
    public static void MapSecretRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/secrets").WithTags("Secrets");
        group.MapPost("", Create).WithName("CreateSecret")
            .WithSummary("Store a secret for HTTP functions ({{secret.NAME}}); the value is encrypted and never shown again.")
            .RequireScope(ApiKeyScopes.SecretsWrite).WithApiConventions(ApiShape.Body);
        group.MapGet("", List).WithName("ListSecrets")
            .WithSummary("List secrets (names, fingerprints and times; never values), newest first.")
            .RequireScope(ApiKeyScopes.SecretsRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetSecret")
            .WithSummary("Get one secret by name: its fingerprint and times, never its value.")
            .RequireScope(ApiKeyScopes.SecretsRead).WithApiConventions(ApiShape.Id);
        group.MapPut("/{id}", Replace).WithName("ReplaceSecret")
            .WithSummary("Replace a secret's value (by name); functions use the new value from their next run.")
            .RequireScope(ApiKeyScopes.SecretsWrite).WithApiConventions(ApiShape.Id | ApiShape.Body);
        group.MapDelete("/{id}", Delete).WithName("DeleteSecret")
            .WithSummary("Delete a secret (by name); functions that use it fail with secret_not_found until it exists again.")
            .RequireScope(ApiKeyScopes.SecretsWrite).WithApiConventions(ApiShape.Id);
    }

    private static async Task<Results<Created<SecretResponse>, ProblemHttpResult>> Create(
        SecretRequest request, SwitchboardDbContext db, SecretProtector protector, SecretFingerprint fingerprint,
        AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!SecretRules.IsValidName(request.Name))
            errors["name"] = [$"name must match {SecretRules.NamePattern} (letters, digits and underscores; not starting with a digit)."];
        if (SecretRules.CheckValue(request.Value) is { } valueProblem) errors["value"] = [valueProblem];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        if (await db.OrganizationSecrets.AnyAsync(s => s.Name == request.Name, ct)) return NameConflict(request.Name!);
        if (await db.OrganizationSecrets.CountAsync(ct) >= SecretRules.MaxSecretsPerOrganization)
            return ApiProblems.Conflict($"An organization has at most {SecretRules.MaxSecretsPerOrganization} secrets; delete one first.");

        var now = Now(time);
        var secret = new OrganizationSecret
        {
            Id = Ids.New(Ids.Secret),
            Name = request.Name!,
            ProtectedValue = protector.Protect(request.Value!),
            Fingerprint = fingerprint.Of(request.Value!),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.OrganizationSecrets.Add(secret);
        audit.Record("secrets.create", "secret", secret.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index settles two concurrent creates of one name.
            return NameConflict(request.Name!);
        }
        return TypedResults.Created($"/api/v1/secrets/{secret.Name}", SecretResponse.From(secret));
    }

    private static Task<Results<Ok<Page<SecretResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.OrganizationSecrets.AsNoTracking(), limit, after, SecretResponse.From, ct);

    private static async Task<Results<Ok<SecretResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var secret = await db.OrganizationSecrets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == id, ct);
        return secret is null ? NotFound() : TypedResults.Ok(SecretResponse.From(secret));
    }

    private static async Task<Results<Ok<SecretResponse>, ProblemHttpResult>> Replace(
        string id, SecretRequest request, SwitchboardDbContext db, SecretProtector protector, SecretFingerprint fingerprint,
        AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        // Found first: whether a name exists is the answer another organization must get, whatever it sent.
        var secret = await db.OrganizationSecrets.FirstOrDefaultAsync(s => s.Name == id, ct);
        if (secret is null) return NotFound();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Name is not null && request.Name != id) errors["name"] = ["A secret cannot be renamed; create a new one and delete this one."];
        if (SecretRules.CheckValue(request.Value) is { } valueProblem) errors["value"] = [valueProblem];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        secret.ProtectedValue = protector.Protect(request.Value!);
        secret.Fingerprint = fingerprint.Of(request.Value!);
        secret.UpdatedAt = Now(time);
        audit.Record("secrets.update", "secret", secret.Name);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SecretResponse.From(secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var secret = await db.OrganizationSecrets.FirstOrDefaultAsync(s => s.Name == id, ct);
        if (secret is null) return NotFound();
        db.OrganizationSecrets.Remove(secret);
        audit.Record("secrets.delete", "secret", secret.Name);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    // PostgreSQL keeps microseconds: a time answered before saving must read back the same afterwards.
    private static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: "No secret with that name.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NotFound });

    private static ProblemHttpResult NameConflict(string name) =>
        ApiProblems.Conflict($"A secret named '{name}' already exists in this organization; PUT /api/v1/secrets/{name} replaces its value.");
}
