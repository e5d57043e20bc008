using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Functions.Builtins;
using Switchboard.ControlPlane.Functions.Http;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Secrets;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Functions;

internal static class FunctionEndpoints
{
    public static void MapFunctionRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/functions").WithTags("Functions");

        group.MapPost("", Create).WithName("CreateFunction")
            .WithSummary("Register a function (a tool agents can call); its parameters schema is validated on save.")
            .RequireScope(ApiKeyScopes.FunctionsWrite).WithApiConventions(ApiShape.Body)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", List).WithName("ListFunctions")
            .WithSummary("List functions (newest version of each), newest first.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.List);
        group.MapGet("/builtins", Builtins).WithName("ListBuiltinFunctions")
            .WithSummary("List the built-in functions with their fixed parameter schemas.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.None);
        group.MapGet("/{id}", Get).WithName("GetFunction")
            .WithSummary("Get a function as of its newest version, or of ?version=N.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.Id);
        group.MapPatch("/{id}", Update).WithName("UpdateFunction")
            .WithSummary("Change a function (JSON merge patch, RFC 7396); every change makes a new version.")
            .RequireScope(ApiKeyScopes.FunctionsWrite).WithApiConventions(ApiShape.Id | ApiShape.Body)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}", Delete).WithName("DeleteFunction")
            .WithSummary("Delete a function; its name becomes free and its execution log stays.")
            .RequireScope(ApiKeyScopes.FunctionsWrite).WithApiConventions(ApiShape.Id);
        group.MapGet("/{id}/versions", Versions).WithName("ListFunctionVersions")
            .WithSummary("List a function's versions, newest first.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.Id);
        group.MapPost("/{id}/test", Test).WithName("TestFunction")
            .WithSummary("Run the function with sample arguments; returns the result or tool error and the timing. The run is logged.")
            .RequireScope(ApiKeyScopes.FunctionsWrite).WithApiConventions(ApiShape.Id | ApiShape.Body);
        group.MapGet("/{id}/executions", Executions).WithName("ListFunctionExecutions")
            .WithSummary("List a function's executions, newest first; filter by status and call_id.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.Id | ApiShape.List);
    }

    private static async Task<Results<Created<FunctionResponse>, ProblemHttpResult>> Create(
        FunctionConfig request, SwitchboardDbContext db, BuiltinCatalog catalog, SecretStore secrets, AuditTrail audit, TimeProvider time,
        CancellationToken ct)
    {
        var (config, errors) = await FunctionValidator.NormalizeAsync(request, catalog);
        if (errors.Count > 0) return ApiProblems.Validation(errors, FunctionValidator.StatusFor(errors));
        if (await SecretReferenceCheck.FindMissingAsync(config, secrets, ct) is { Count: > 0 } missing) return ApiProblems.Unprocessable(missing);
        if (await NameTakenAsync(db, config.Name!, null, ct)) return NameConflict(config.Name!);

        var now = time.GetUtcNow();
        var function = new FunctionDefinition { Id = Ids.New(Ids.Function), Name = config.Name!, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
        function.Versions.Add(new FunctionVersion { FunctionId = function.Id, Version = 1, Config = Serialize(config), CreatedAt = now });
        db.Functions.Add(function);
        audit.Record("functions.create", "function", function.Id);
        if (!await TrySaveAsync(db, ct)) return NameConflict(config.Name!);
        return TypedResults.Created($"/api/v1/functions/{function.Id}", FunctionResponse.From(function, 1, config));
    }

    private static Task<Results<Ok<Page<FunctionResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.Functions.AsNoTracking(), limit, after, async (IReadOnlyList<FunctionDefinition> functions, CancellationToken token) =>
        {
            var ids = functions.Select(f => f.Id).ToList();
            var versions = await db.FunctionVersions.AsNoTracking()
                .Where(v => ids.Contains(v.FunctionId))
                .Join(db.Functions, v => new { v.FunctionId, v.Version }, f => new { FunctionId = f.Id, Version = f.LatestVersion }, (v, _) => v)
                .ToDictionaryAsync(v => v.FunctionId, token);
            return (IReadOnlyList<FunctionResponse>)functions
                .Select(f => FunctionResponse.From(f, f.LatestVersion, Deserialize(versions[f.Id].Config)))
                .ToList();
        }, ct);

    private static Ok<BuiltinListResponse> Builtins(BuiltinCatalog catalog) =>
        TypedResults.Ok(new BuiltinListResponse(catalog.Names.Select(n =>
        {
            catalog.TryGet(n, out var b);
            return new BuiltinResponse(b.Name, b.Description, catalog.Schema(n), b.RunsOnServer ? "server" : "call");
        }).ToList()));

    private static async Task<Results<Ok<FunctionResponse>, ProblemHttpResult>> Get(
        string id, int? version, SwitchboardDbContext db, CancellationToken ct)
    {
        var function = await db.Functions.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        if (function is null) return ApiProblems.NotFound("function");
        var wanted = version ?? function.LatestVersion;
        var config = await db.FunctionVersions.AsNoTracking()
            .Where(v => v.FunctionId == id && v.Version == wanted).Select(v => v.Config).FirstOrDefaultAsync(ct);
        if (config is null) return ApiProblems.NotFound($"version {wanted} of this function");
        return TypedResults.Ok(FunctionResponse.From(function, wanted, Deserialize(config)));
    }

    private static async Task<Results<Ok<FunctionResponse>, ProblemHttpResult>> Update(
        string id, JsonElement patch, SwitchboardDbContext db, BuiltinCatalog catalog, SecretStore secrets, AuditTrail audit, TimeProvider time,
        CancellationToken ct)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            return ApiProblems.Validation("$", "The body must be a JSON object (a merge patch of the function).");
        var function = await db.Functions.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (function is null) return ApiProblems.NotFound("function");
        var latest = await db.FunctionVersions.AsNoTracking().FirstAsync(v => v.FunctionId == id && v.Version == function.LatestVersion, ct);

        var merged = JsonMergePatch.Apply(JsonNode.Parse(latest.Config)!, JsonNode.Parse(patch.GetRawText()));
        FunctionConfig request;
        try
        {
            request = merged!.Deserialize<FunctionConfig>(JsonDefaults.Options) ?? new FunctionConfig();
        }
        catch (JsonException ex)
        {
            return ApiProblems.Validation(ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$",
                ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field." : "Wrong type for this field.");
        }
        // A built-in's schema is server-owned: a patch that does not touch it must not trip the "fixed" check.
        if (request.Kind == FunctionKinds.Builtin && !patch.TryGetProperty("parameters", out _)) request = request with { Parameters = null };

        var (config, errors) = await FunctionValidator.NormalizeAsync(request, catalog);
        if (errors.Count > 0) return ApiProblems.Validation(errors, FunctionValidator.StatusFor(errors));
        if (await SecretReferenceCheck.FindMissingAsync(config, secrets, ct) is { Count: > 0 } missing) return ApiProblems.Unprocessable(missing);
        if (await NameTakenAsync(db, config.Name!, id, ct)) return NameConflict(config.Name!);

        var now = time.GetUtcNow();
        function.LatestVersion++;
        function.Name = config.Name!;
        function.UpdatedAt = now;
        db.FunctionVersions.Add(new FunctionVersion { FunctionId = function.Id, Version = function.LatestVersion, Config = Serialize(config), CreatedAt = now });
        audit.Record("functions.update", "function", function.Id);
        if (!await TrySaveAsync(db, ct)) return NameConflict(config.Name!);
        return TypedResults.Ok(FunctionResponse.From(function, function.LatestVersion, config));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var function = await db.Functions.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (function is null) return ApiProblems.NotFound("function");
        function.DeletedAt = time.GetUtcNow();
        audit.Record("functions.delete", "function", function.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Page<FunctionVersionResponse>>, ProblemHttpResult>> Versions(
        string id, SwitchboardDbContext db, CancellationToken ct)
    {
        if (!await db.Functions.AsNoTracking().AnyAsync(f => f.Id == id, ct)) return ApiProblems.NotFound("function");
        var versions = await db.FunctionVersions.AsNoTracking()
            .Where(v => v.FunctionId == id)
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Config, v.CreatedAt })
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<FunctionVersionResponse>(
            versions.Select(v => new FunctionVersionResponse(v.Version, Deserialize(v.Config).Name ?? "", v.CreatedAt)).ToList(), false, null));
    }

    private static async Task<Results<Ok<TestFunctionResponse>, ProblemHttpResult>> Test(
        string id, TestFunctionRequest request, SwitchboardDbContext db, FunctionExecutor executor, TenantContext tenant,
        AuditTrail audit, CancellationToken ct)
    {
        if (!await db.Functions.AsNoTracking().AnyAsync(f => f.Id == id, ct)) return ApiProblems.NotFound("function");
        if (request.CallId is { Length: 0 or > 80 }) return ApiProblems.Validation("call_id", "call_id must be 1 to 80 characters.");
        if (request.Version is < 1) return ApiProblems.Validation("version", "version starts at 1.");

        var arguments = request.Arguments ?? JsonDocument.Parse("{}").RootElement;
        audit.Record("functions.test", "function", id);
        var result = await executor.ExecuteAsync(tenant.RequireOrganizationId(), id, arguments, request.CallId, request.Version,
            request.DynamicVariables, ct);
        if (result.Error?.Code == FunctionErrorCodes.FunctionNotFound) return ApiProblems.NotFound($"version {request.Version} of this function");
        return TypedResults.Ok(TestFunctionResponse.From(result));
    }

    private static async Task<Results<Ok<Page<FunctionExecutionResponse>>, ProblemHttpResult>> Executions(
        string id, SwitchboardDbContext db, int? limit, string? after, string? status, string? call_id, CancellationToken ct)
    {
        // Request-shape errors first: they hold whatever the id names.
        if (limit is < 1 or > Paging.MaxLimit) return ApiProblems.Validation("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        if (!await db.Functions.AsNoTracking().AnyAsync(f => f.Id == id, ct)) return ApiProblems.NotFound("function");
        if (status is not null && !FunctionExecutionStatus.All.Contains(status))
            return ApiProblems.Validation("status", "status must be one of " + string.Join(", ", FunctionExecutionStatus.All) + ".");
        var query = db.FunctionExecutions.AsNoTracking().Where(e => e.FunctionId == id);
        if (status is not null) query = query.Where(e => e.Status == status);
        if (!string.IsNullOrEmpty(call_id)) query = query.Where(e => e.CallId == call_id);
        return await Paging.PageAsync(query, limit, after, FunctionExecutionResponse.From, ct);
    }

    private static Task<bool> NameTakenAsync(SwitchboardDbContext db, string name, string? exceptId, CancellationToken ct) =>
        db.Functions.AsNoTracking().AnyAsync(f => f.Name == name && f.Id != exceptId, ct);

    private static ProblemHttpResult NameConflict(string name) =>
        ApiProblems.Conflict($"A function named '{name}' already exists in this organization.");

    // The unique index settles a race between two creates of one name.
    private static async Task<bool> TrySaveAsync(SwitchboardDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    internal static string Serialize(FunctionConfig config) => JsonSerializer.Serialize(config, JsonDefaults.Options);

    internal static FunctionConfig Deserialize(string json) =>
        JsonSerializer.Deserialize<FunctionConfig>(json, JsonDefaults.Options) ?? throw new InvalidOperationException("Empty function version.");
}
