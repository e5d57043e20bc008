using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.Tables;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>Looks rows up in one of the organization's uploaded tables with typed filters (never SQL).</summary>
internal sealed class QueryTableFunction : IBuiltinFunction
{
    public const int DefaultLimit = 20;

    public string Name => "query_table";

    public string Description => "Look up rows in one of the organization's tables. Filters are column/op/value; ops: eq, ne, lt, lte, gt, gte, contains, starts_with, in.";

    public string ParametersSchema => """
        {"type":"object","properties":{
          "table":{"type":"string","minLength":1,"maxLength":64,"description":"Table name (or tbl_ id)."},
          "filters":{"type":"array","maxItems":20,"items":{"type":"object","properties":{
             "column":{"type":"string","minLength":1},
             "op":{"type":"string","enum":["eq","ne","lt","lte","gt","gte","contains","starts_with","in"]},
             "value":{"description":"A value of the column's type; an array of them for 'in'."}},
           "required":["column","op","value"],"additionalProperties":false}},
          "limit":{"type":"integer","minimum":1,"maximum":100,"description":"Most rows to return; 20 when omitted."}},
         "required":["table"],"additionalProperties":false}
        """;

    public bool RunsOnServer => true;

    public async Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken)
    {
        var args = invocation.Arguments;
        var name = args.GetProperty("table").GetString()!;
        var limit = args.TryGetProperty("limit", out var l) ? l.GetInt32() : DefaultLimit;
        var filters = new List<TableFilter>();
        if (args.TryGetProperty("filters", out var fs))
        {
            foreach (var f in fs.EnumerateArray())
                filters.Add(new TableFilter(f.GetProperty("column").GetString()!, f.GetProperty("op").GetString()!, f.GetProperty("value").Clone()));
        }

        var db = invocation.Db;
        var table = await db.DataTables.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name || t.Id == name, cancellationToken);
        if (table is null)
        {
            var names = await db.DataTables.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).Take(20).ToListAsync(cancellationToken);
            throw new FunctionFailedException(FunctionErrorCodes.TableNotFound,
                $"No table '{name}'." + (names.Count > 0 ? " Tables: " + string.Join(", ", names) + "." : " The organization has no tables."));
        }

        var columns = TableResponse.ParseColumns(table.Columns);
        var problems = TableQueryEngine.Check(columns, filters);
        if (problems.Count > 0) throw new FunctionFailedException(FunctionErrorCodes.InvalidFilter, string.Join(" ", problems));

        var matches = new JsonArray();
        var total = 0;
        var rows = db.DataTableRows.AsNoTracking().Where(r => r.TableId == table.Id).OrderBy(r => r.RowIndex).Select(r => r.Data)
            .AsAsyncEnumerable();
        await foreach (var data in rows.WithCancellation(cancellationToken))
        {
            var row = JsonNode.Parse(data)!.AsObject();
            if (!TableQueryEngine.Matches(row, columns, filters)) continue;
            total++;
            if (matches.Count < limit) matches.Add(row);
        }

        return new JsonObject
        {
            ["table"] = table.Name,
            ["columns"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = c.Type }).ToArray()),
            ["rows"] = matches,
            ["returned"] = matches.Count,
            ["total_matches"] = total,
            ["truncated"] = total > matches.Count,
        };
    }
}
