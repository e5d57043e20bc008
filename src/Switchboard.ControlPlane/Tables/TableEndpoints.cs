using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Tables;

/// <summary>Tables are data for functions (query_table), so they share the <c>functions:*</c> scopes.</summary>
internal static partial class TableEndpoints
{
    public static void MapTableRoutes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tables").WithTags("Tables");
        group.MapPost("", Create).WithName("CreateTable")
            .WithSummary("Upload a table as CSV (RFC 4180, header row) or JSON (array of flat objects) with declared or inferred column types.")
            .RequireScope(ApiKeyScopes.FunctionsWrite).WithApiConventions(ApiShape.Body);
        group.MapGet("", List).WithName("ListTables")
            .WithSummary("List tables, newest first.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetTable")
            .WithSummary("Get a table's columns and row count.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.Id);
        group.MapDelete("/{id}", Delete).WithName("DeleteTable")
            .WithSummary("Delete a table and its rows.")
            .RequireScope(ApiKeyScopes.FunctionsWrite).WithApiConventions(ApiShape.Id);
        group.MapGet("/{id}/rows", Rows).WithName("ListTableRows")
            .WithSummary("List a table's rows in upload order, paged with ?limit and ?after.")
            .RequireScope(ApiKeyScopes.FunctionsRead).WithApiConventions(ApiShape.Id | ApiShape.List);
    }

    private static async Task<Results<Created<TableResponse>, ProblemHttpResult>> Create(
        CreateTableRequest request, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (request.Name is null || !TableName().IsMatch(request.Name)) Error("name", "name must match ^[a-zA-Z0-9_-]{1,64}$.");
        if (request.Description is { Length: > 2000 }) Error("description", "description must be at most 2000 characters.");
        var imported = TableImporter.Import(request, Error);
        if (errors.Count > 0) return ApiProblems.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

        if (await db.DataTables.AnyAsync(t => t.Name == request.Name, ct))
            return ApiProblems.Conflict($"A table named '{request.Name}' already exists in this organization.");
        if (await db.DataTables.CountAsync(ct) >= TableLimits.MaxTablesPerOrganization)
            return ApiProblems.Conflict($"An organization has at most {TableLimits.MaxTablesPerOrganization} tables; delete one first.");

        var table = new DataTable
        {
            Id = Ids.New(Ids.Table),
            Name = request.Name!,
            Description = request.Description,
            Columns = JsonSerializer.Serialize(imported.Columns, JsonDefaults.Options),
            RowCount = imported.Rows.Count,
            CreatedAt = time.GetUtcNow(),
        };
        db.DataTables.Add(table);
        for (var i = 0; i < imported.Rows.Count; i++)
            db.DataTableRows.Add(new DataTableRow { TableId = table.Id, RowIndex = i, Data = imported.Rows[i].ToJsonString() });
        audit.Record("tables.create", "table", table.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict($"A table named '{request.Name}' already exists in this organization.");
        }
        return TypedResults.Created($"/api/v1/tables/{table.Id}", TableResponse.From(table));
    }

    private static Task<Results<Ok<Page<TableResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.DataTables.AsNoTracking(), limit, after, TableResponse.From, ct);

    private static async Task<Results<Ok<TableResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var table = await db.DataTables.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return table is null ? ApiProblems.NotFound("table") : TypedResults.Ok(TableResponse.From(table));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var table = await db.DataTables.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (table is null) return ApiProblems.NotFound("table");
        // Rows go with the table (foreign key cascade); deleting them first keeps that true without relying on it.
        await db.DataTableRows.Where(r => r.TableId == id).ExecuteDeleteAsync(ct);
        db.DataTables.Remove(table);
        audit.Record("tables.delete", "table", id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Page<JsonElement>>, ProblemHttpResult>> Rows(
        string id, int? limit, string? after, SwitchboardDbContext db, CancellationToken ct)
    {
        // Request-shape errors first: they hold whatever the id names.
        var take = limit ?? Paging.DefaultLimit;
        if (take is < 1 or > Paging.MaxLimit) return ApiProblems.Validation("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        var from = 0;
        if (after is not null && !TryDecodeRowCursor(after, out from))
            return ApiProblems.Validation("after", "after is not a cursor returned by this list.");
        if (!await db.DataTables.AsNoTracking().AnyAsync(t => t.Id == id, ct)) return ApiProblems.NotFound("table");

        var rows = await db.DataTableRows.AsNoTracking()
            .Where(r => r.TableId == id && r.RowIndex >= from)
            .OrderBy(r => r.RowIndex)
            .Take(take + 1)
            .Select(r => new { r.RowIndex, r.Data })
            .ToListAsync(ct);
        var hasMore = rows.Count > take;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        var next = hasMore ? EncodeRowCursor(rows[^1].RowIndex + 1) : null;
        return TypedResults.Ok(new Page<JsonElement>(
            rows.Select(r => JsonDocument.Parse(r.Data).RootElement.Clone()).ToList(), hasMore, next));
    }

    private static string EncodeRowCursor(int index) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("row:" + index.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeRowCursor(string value, out int index)
    {
        index = 0;
        if (value.Length > 40) return false;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
            return text.StartsWith("row:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex TableName();
}
