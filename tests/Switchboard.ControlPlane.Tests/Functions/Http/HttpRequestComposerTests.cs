using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.ControlPlane.Functions;
using Switchboard.ControlPlane.Functions.Http;

namespace Switchboard.ControlPlane.Tests.Functions.Http;

public sealed class HttpRequestComposerTests
{
    private static readonly HashSet<string> Declared = new(StringComparer.Ordinal) { "id", "n", "text", "flag", "obj", "absent" };

    private static HttpFunctionSettings Parse(string json)
    {
        var errors = new List<string>();
        var settings = HttpSettingsParser.Parse(JsonDocument.Parse(json).RootElement, (f, m) => errors.Add(f + ": " + m));
        Assert.True(settings is not null, string.Join("; ", errors));
        return settings!;
    }

    private static (HttpRequestMessage Request, string Body, List<string> Revealed) Compose(string settings, string arguments,
        Dictionary<string, string>? variables = null, Dictionary<string, string>? secrets = null)
    {
        var revealed = new List<string>();
        var values = new TemplateValues(JsonDocument.Parse(arguments).RootElement, Declared, variables,
            secrets ?? new Dictionary<string, string>(), revealed);
        var (request, body) = HttpRequestComposer.Compose(Parse(settings), values);
        return (request, Encoding.UTF8.GetString(body), revealed);
    }

    [Fact]
    public void Url_values_are_percent_encoded_and_query_pairs_appended_before_the_fragment()
    {
        var (request, _, _) = Compose("""
            {"method":"GET","url":"https://api.example.com/a/{{id}}/b?x=1#frag","query":{"q":"{{text}}","n":"{{n}}","b":"{{flag}}"}}
            """, """{"id":"../admin?y=2#z","text":"a b&c=d/é","n":1.5,"flag":false}""");
        Assert.Equal("https://api.example.com/a/..%2Fadmin%3Fy%3D2%23z/b?x=1&q=a%20b%26c%3Dd%2F%C3%A9&n=1.5&b=false#frag",
            request.RequestUri!.AbsoluteUri);
        Assert.Equal("/a/..%2Fadmin%3Fy%3D2%23z/b", request.RequestUri.AbsolutePath);
    }

    [Fact]
    public void A_dot_segment_value_cannot_climb_the_path()
    {
        // Why it matters: Uri removes dot segments, percent-encoded or not.
        Assert.Equal("/v1/items", new Uri("https://api.example.com/v1/orders/%2E%2E/items").AbsolutePath);
        const string Settings = """{"method":"GET","url":"https://api.example.com/v1/orders/{{id}}{{n}}/items"}""";
        foreach (var arguments in new[] { """{"id":".."}""", """{"id":"."}""", """{"id":".","n":"."}""" })
        {
            var refused = Assert.Throws<FunctionFailedException>(() => Compose(Settings, arguments));
            Assert.Equal(FunctionErrorCodes.InvalidRequest, refused.Code);
        }
        var (request, _, _) = Compose(Settings, """{"id":"...","n":"x"}""");
        Assert.Equal("/v1/orders/...x/items", request.RequestUri!.AbsolutePath);
        var (query, _, _) = Compose("""{"method":"GET","url":"https://api.example.com/v1?p={{id}}"}""", """{"id":".."}""");
        Assert.Equal("?p=..", query.RequestUri!.Query);
    }

    [Fact]
    public void Headers_take_values_as_they_are_and_refuse_line_breaks_from_arguments()
    {
        var (request, _, revealed) = Compose("""
            {"method":"GET","url":"https://api.example.com/","headers":{"Authorization":"Bearer {{secret.TOKEN}}","X-Id":"{{id}}"}}
            """, """{"id":"a b/c"}""", secrets: new() { ["TOKEN"] = "tok-123456" });
        Assert.Equal("Bearer tok-123456", request.Headers.GetValues("Authorization").Single());
        Assert.Equal("a b/c", request.Headers.GetValues("X-Id").Single());
        Assert.Equal(["tok-123456"], revealed);

        var injected = Assert.Throws<FunctionFailedException>(() => Compose("""
            {"method":"GET","url":"https://api.example.com/","headers":{"X-Id":"{{id}}"}}
            """, """{"id":"x\r\nX-Admin: true"}"""));
        Assert.Equal(FunctionErrorCodes.InvalidRequest, injected.Code);
    }

    [Fact]
    public void Body_values_are_json_encoded_and_whole_placeholders_keep_their_type()
    {
        var (request, body, _) = Compose("""
            {"method":"POST","url":"https://api.example.com/","body":
              {"n":"{{n}}","flag":"{{flag}}","obj":"{{obj}}","absent":"{{absent}}","text":"say {{text}}","var":"{{caller}}",
               "list":["{{id}}",1,null,{"deep":"{{n}} items"}],"{{id}}":"keys are not templated"}}
            """, """{"id":"x","n":2,"flag":true,"obj":{"a":[1]},"text":"\"quoted\" \\ and\nnewline","caller":"ignored"}""",
            variables: new() { ["caller"] = "Ada" });
        var json = JsonNode.Parse(body)!;
        Assert.Equal(2, (int)json["n"]!);
        Assert.True((bool)json["flag"]!);
        Assert.Equal(1, (int)json["obj"]!["a"]![0]!);
        Assert.True(json.AsObject().ContainsKey("absent"));
        Assert.Null(json["absent"]);
        Assert.Equal("say \"quoted\" \\ and\nnewline", (string?)json["text"]);
        // "caller" is not a declared argument, so the dynamic variable is used, not the LLM's extra argument.
        Assert.Equal("Ada", (string?)json["var"]);
        Assert.Equal("x", (string?)json["list"]![0]);
        Assert.Equal("2 items", (string?)json["list"]![3]!["deep"]);
        Assert.Equal("keys are not templated", (string?)json["{{id}}"]);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(HttpMethod.Post, request.Method);
    }

    [Fact]
    public void A_declared_argument_is_never_replaced_by_a_dynamic_variable()
    {
        var (request, _, _) = Compose("""{"method":"GET","url":"https://api.example.com/","query":{"id":"{{id}}"}}""", "{}",
            variables: new() { ["id"] = "from-variable" });
        Assert.Equal("?id=", request.RequestUri!.Query);
    }

    [Fact]
    public void A_content_type_header_describes_the_body()
    {
        var (request, body, _) = Compose("""
            {"method":"PUT","url":"https://api.example.com/","headers":{"Content-Type":"application/vnd.acme+json"},"body":["{{id}}"]}
            """, """{"id":"x"}""");
        Assert.Equal("application/vnd.acme+json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""["x"]""", body);
        Assert.DoesNotContain(request.Headers, h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_missing_secret_is_a_secret_not_found_error()
    {
        var missing = Assert.Throws<FunctionFailedException>(() =>
            Compose("""{"method":"GET","url":"https://api.example.com/","query":{"k":"{{secret.GONE}}"}}""", "{}"));
        Assert.Equal(FunctionErrorCodes.SecretNotFound, missing.Code);
        Assert.Contains("GONE", missing.Message, StringComparison.Ordinal);
    }
}
