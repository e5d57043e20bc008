using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Functions;

[Collection(ApiCollection.Name)]
public sealed class TablesApiTests(ServerFixture fixture)
{
    private const string Products = "sku,name,price,in_stock,restock_date,email\r\n"
        + "A-1,\"Widget, small\",9.99,true,2026-12-01,a@example.com\r\n"
        + "A-2,Widget large,19.5,false,2027-01-15,b@example.com\r\n"
        + "B-1,Gadget,5,true,,c@example.com\r\n";

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Csv_upload_infers_types_and_rows_page_in_upload_order(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var created = await key.Client.PostJsonAsync("/api/v1/tables", JsonSerializer.Serialize(new { name = "products", format = "csv", content = Products }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var table = await created.JsonAsync();
        var id = (string)table["id"]!;
        Assert.StartsWith("tbl_", id, StringComparison.Ordinal);
        Assert.Equal(3, (int)table["row_count"]!);
        Assert.Equal(["string", "string", "number", "boolean", "date", "string"], table["columns"]!.AsArray().Select(c => (string)c!["type"]!));

        var page1 = await (await key.Client.GetAsync($"/api/v1/tables/{id}/rows?limit=2")).JsonAsync();
        Assert.Equal(["A-1", "A-2"], page1["data"]!.AsArray().Select(r => (string)r!["sku"]!));
        Assert.Equal("Widget, small", (string?)page1["data"]![0]!["name"]);
        Assert.Equal(9.99, (double)page1["data"]![0]!["price"]!);
        Assert.True((bool)page1["has_more"]!);
        var page2 = await (await key.Client.GetAsync($"/api/v1/tables/{id}/rows?limit=2&after={(string)page1["next_cursor"]!}")).JsonAsync();
        var last = Assert.Single(page2["data"]!.AsArray())!;
        Assert.Equal("B-1", (string?)last["sku"]);
        Assert.Null(last["restock_date"]);
        Assert.False((bool)page2["has_more"]!);
        await (await key.Client.GetAsync($"/api/v1/tables/{id}/rows?after=bogus")).ProblemAsync(400, "validation_failed");

        Assert.Single((await (await key.Client.GetAsync("/api/v1/tables")).JsonAsync())["data"]!.AsArray());
        await (await key.Client.PostJsonAsync("/api/v1/tables", JsonSerializer.Serialize(new { name = "products", format = "csv", content = Products })))
            .ProblemAsync(409, "conflict");

        Assert.Equal(HttpStatusCode.NoContent, (await key.Client.DeleteAsync($"/api/v1/tables/{id}")).StatusCode);
        await (await key.Client.GetAsync($"/api/v1/tables/{id}")).ProblemAsync(404, "not_found");
        await (await key.Client.GetAsync($"/api/v1/tables/{id}/rows")).ProblemAsync(404, "not_found");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Json_upload_with_declared_types_and_bad_uploads_are_explained(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        var created = await key.Client.PostJsonAsync("/api/v1/tables", """
            {"name":"zips","format":"json","rows":[{"zip":"01234","city":"Boston"},{"zip":"10001","city":"New York"}],
             "columns":[{"name":"zip","type":"string"}]}
            """);
        var table = await created.JsonAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("string", (string?)table["columns"]![0]!["type"]);
        var rows = await (await key.Client.GetAsync($"/api/v1/tables/{(string)table["id"]!}/rows")).JsonAsync();
        Assert.Equal("01234", (string?)rows["data"]![0]!["zip"]);

        var ragged = await key.Client.PostJsonAsync("/api/v1/tables", JsonSerializer.Serialize(new { name = "bad", format = "csv", content = "a,b\n1\n" }));
        Assert.Contains("content", (await ragged.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        var mistyped = await key.Client.PostJsonAsync("/api/v1/tables", """{"name":"bad","format":"csv","content":"n\n1\nx\n","columns":[{"name":"n","type":"number"}]}""");
        Assert.Contains("rows[1].n", (await mistyped.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        var badName = await key.Client.PostJsonAsync("/api/v1/tables", """{"name":"no spaces","format":"json","rows":[{"a":1}]}""");
        Assert.Contains("name", (await badName.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
        var tooMany = string.Join("\n", Enumerable.Range(0, 10_002).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var big = await key.Client.PostJsonAsync("/api/v1/tables", JsonSerializer.Serialize(new { name = "big", format = "csv", content = tooMany }));
        Assert.Contains("rows", (await big.ProblemAsync(400, "validation_failed"))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_table_filters_by_type_and_masks_pii_in_the_log(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var key = await server.CreateKeyAsync();
        await key.Client.PostJsonAsync("/api/v1/tables", JsonSerializer.Serialize(new { name = "products", format = "csv", content = Products }));
        var fn = await FunctionsApiTests.CreateBuiltinAsync(key.Client, "query_table", ""","pii_fields":["email"]""");

        async Task<JsonNode> Run(string arguments) =>
            await (await key.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", $$"""{"arguments":{{arguments}}}""")).JsonAsync();

        var cheap = await Run("""{"table":"products","filters":[{"column":"price","op":"lt","value":10},{"column":"in_stock","op":"eq","value":true}]}""");
        Assert.Equal("succeeded", (string?)cheap["status"]);
        Assert.Equal(["A-1", "B-1"], cheap["result"]!["rows"]!.AsArray().Select(r => (string)r!["sku"]!));
        Assert.Equal("a@example.com", (string?)cheap["result"]!["rows"]![0]!["email"]); // the caller gets the real value

        var widgets = await Run("""{"table":"products","filters":[{"column":"name","op":"contains","value":"widget"},{"column":"restock_date","op":"gte","value":"2027-01-01"}]}""");
        Assert.Equal("A-2", (string?)Assert.Single(widgets["result"]!["rows"]!.AsArray())!["sku"]);

        var listed = await Run("""{"table":"products","filters":[{"column":"sku","op":"in","value":["A-1","B-1","Z-9"]}],"limit":1}""");
        Assert.Equal(1, (int)listed["result"]!["returned"]!);
        Assert.Equal(2, (int)listed["result"]!["total_matches"]!);
        Assert.True((bool)listed["result"]!["truncated"]!);

        var mistyped = await Run("""{"table":"products","filters":[{"column":"price","op":"gt","value":"cheap"}]}""");
        Assert.Equal("invalid_filter", (string?)mistyped["error"]!["code"]);
        Assert.Contains("JSON number", (string?)mistyped["error"]!["message"], StringComparison.Ordinal);

        var badOp = await Run("""{"table":"products","filters":[{"column":"price","op":"like","value":1}]}""");
        Assert.Equal("invalid_arguments", (string?)badOp["error"]!["code"]); // the schema's enum stops it first

        var missing = await Run("""{"table":"customers"}""");
        Assert.Equal("table_not_found", (string?)missing["error"]!["code"]);
        Assert.Contains("products", (string?)missing["error"]!["message"], StringComparison.Ordinal);

        var log = await (await key.Client.GetAsync($"/api/v1/functions/{fn}/executions?status=succeeded")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("a@example.com", log, StringComparison.Ordinal);
        Assert.Contains("[masked]", log, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Query_table_only_sees_the_callers_tables(string provider)
    {
        var server = await fixture.GetAsync(provider);
        var a = await server.CreateKeyAsync();
        var b = await server.CreateKeyAsync();
        await a.Client.PostJsonAsync("/api/v1/tables", JsonSerializer.Serialize(new { name = "products", format = "csv", content = Products }));
        var fn = await FunctionsApiTests.CreateBuiltinAsync(b.Client, "query_table");
        var run = await (await b.Client.PostJsonAsync($"/api/v1/functions/{fn}/test", """{"arguments":{"table":"products"}}""")).JsonAsync();
        Assert.Equal("table_not_found", (string?)run["error"]!["code"]);
        Assert.Contains("no tables", (string?)run["error"]!["message"], StringComparison.Ordinal);
    }
}
