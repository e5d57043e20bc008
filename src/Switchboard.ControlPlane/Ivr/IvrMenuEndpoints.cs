using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Ivr;

internal static class IvrMenuEndpoints
{
    public static void MapIvrMenuEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/ivr-menus").WithTags("IVR menus");

        group.MapPost("", Create).WithName("CreateIvrMenu")
            .WithSummary("Create an IVR menu; its definition is validated (422 names every problem by path).")
            .RequireScope(ApiKeyScopes.IvrWrite).WithApiConventions(ApiShape.Body)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", List).WithName("ListIvrMenus")
            .WithSummary("List IVR menus, newest first.")
            .RequireScope(ApiKeyScopes.IvrRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetIvrMenu")
            .WithSummary("Get an IVR menu with its definition.")
            .RequireScope(ApiKeyScopes.IvrRead).WithApiConventions(ApiShape.Id);
        group.MapPatch("/{id}", Update).WithName("UpdateIvrMenu")
            .WithSummary("Change an IVR menu (JSON merge patch, RFC 7396, of name, description and definition).")
            .RequireScope(ApiKeyScopes.IvrWrite).WithApiConventions(ApiShape.Id | ApiShape.Body)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}", Delete).WithName("DeleteIvrMenu")
            .WithSummary("Delete an IVR menu no agent starts in (409 otherwise). Its sessions stay listable.")
            .RequireScope(ApiKeyScopes.IvrWrite).WithApiConventions(ApiShape.Id)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/sessions", Sessions).WithName("ListIvrSessions")
            .WithSummary("List the paths callers took through this menu, newest first.")
            .RequireScope(ApiKeyScopes.IvrRead).WithApiConventions(ApiShape.Id | ApiShape.List);
    }

    private static async Task<Results<Created<IvrMenuResponse>, ProblemHttpResult>> Create(
        IvrMenuRequest request, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (Check(request) is { } problem) return problem;

        var now = time.GetUtcNow();
        var menu = new IvrMenu
        {
            Id = Ids.New(Ids.IvrMenu),
            Name = request.Name!,
            Description = request.Description,
            Definition = request.Definition!.Value.GetRawText(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.IvrMenus.Add(menu);
        audit.Record("ivr_menus.create", "ivr_menu", menu.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/ivr-menus/{menu.Id}", IvrMenuResponse.From(menu));
    }

    private static Task<Results<Ok<Page<IvrMenuResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.IvrMenus.AsNoTracking(), limit, after, IvrMenuResponse.From, ct);

    private static async Task<Results<Ok<IvrMenuResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var menu = await db.IvrMenus.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return menu is null ? ApiProblems.NotFound("IVR menu") : TypedResults.Ok(IvrMenuResponse.From(menu));
    }

    private static async Task<Results<Ok<IvrMenuResponse>, ProblemHttpResult>> Update(
        string id, JsonElement patch, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            return ApiProblems.Validation("$", "The body must be a JSON object (a merge patch of the IVR menu).");

        var menu = await db.IvrMenus.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (menu is null) return ApiProblems.NotFound("IVR menu");

        var current = new JsonObject
        {
            ["name"] = menu.Name,
            ["description"] = menu.Description,
            ["definition"] = JsonNode.Parse(menu.Definition),
        };
        IvrMenuRequest request;
        try
        {
            var merged = JsonMergePatch.Apply(current, JsonNode.Parse(patch.GetRawText()));
            request = merged!.Deserialize<IvrMenuRequest>(JsonDefaults.Options) ?? new IvrMenuRequest();
        }
        catch (JsonException ex)
        {
            return ApiProblems.Validation(ex.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$",
                ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field." : "Wrong type for this field.");
        }
        if (Check(request) is { } problem) return problem;

        menu.Name = request.Name!;
        menu.Description = request.Description;
        menu.Definition = request.Definition!.Value.GetRawText();
        menu.UpdatedAt = time.GetUtcNow();
        audit.Record("ivr_menus.update", "ivr_menu", menu.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(IvrMenuResponse.From(menu));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var menu = await db.IvrMenus.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (menu is null) return ApiProblems.NotFound("IVR menu");
        if (await IvrMenuReferences.IsUsedByAnAgentAsync(db, id, ct))
            return ApiProblems.Conflict("An agent's newest or published version starts in this IVR menu; point the agent at another menu first.");
        menu.DeletedAt = time.GetUtcNow();
        audit.Record("ivr_menus.delete", "ivr_menu", menu.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Page<IvrSessionResponse>>, ProblemHttpResult>> Sessions(
        string id, SwitchboardDbContext db, int? limit, string? after, CancellationToken ct)
    {
        // A deleted menu's sessions stay listable: the record of past calls does not vanish with the menu.
        if (!await db.IvrMenus.IgnoreQueryFilters().AnyAsync(m => m.Id == id && m.OrganizationId == db.TenantId, ct))
            return ApiProblems.NotFound("IVR menu");
        return await Paging.PageAsync(db.IvrSessions.AsNoTracking().Where(s => s.MenuId == id), limit, after, IvrSessionResponse.From, ct);
    }

    private static ProblemHttpResult? Check(IvrMenuRequest request)
    {
        var shape = IvrMenuRequestValidator.ValidateShape(request);
        var content = request.Definition is { ValueKind: not JsonValueKind.Null } definition && !shape.ContainsKey("definition")
            ? IvrMenuRequestValidator.ValidateDefinition(definition)
            : [];
        if (shape.Count == 0) return content.Count > 0 ? ApiProblems.Unprocessable(content) : null;
        // Shape errors make it a 400; the document's own problems are listed with them so one round trip shows all.
        foreach (var (key, messages) in content) shape[key] = messages;
        return ApiProblems.Validation(shape);
    }
}
