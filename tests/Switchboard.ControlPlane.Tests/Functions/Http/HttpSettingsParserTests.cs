using System.Text.Json;
using Switchboard.ControlPlane.Functions.Http;

namespace Switchboard.ControlPlane.Tests.Functions.Http;

public sealed class HttpSettingsParserTests
{
    private static (HttpFunctionSettings? Settings, Dictionary<string, List<string>> Errors) Parse(string json)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var settings = HttpSettingsParser.Parse(JsonDocument.Parse(json).RootElement, (field, message) =>
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        });
        return (settings, errors);
    }

    [Fact]
    public void Full_settings_parse_and_collect_the_secrets_they_use()
    {
        var (settings, errors) = Parse("""
            {"method":"POST","url":"https://api.example.com/{{secret.PATH}}/x","headers":{"Authorization":"Bearer {{secret.TOKEN}}"},
             "query":{"k":"{{secret.TOKEN}}","q":"{{q}}"},"body":{"a":"{{q}}"},"response_mapping":{"id":"$.id"},"sign_request":true}
            """);
        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal("POST", settings.Method);
        Assert.True(settings.SignRequest);
        Assert.True(settings.HasBody);
        Assert.Equal(["PATH", "TOKEN"], settings.SecretNames.Order(StringComparer.Ordinal));
        Assert.Equal("id", Assert.Single(settings.ResponseMapping).Key);
    }

    [Theory]
    [InlineData("""{"method":"GET","url":"ftp://example.com/"}""", "http.url")]
    [InlineData("""{"method":"GET","url":"/relative"}""", "http.url")]
    [InlineData("""{"method":"GET","url":"https://{{tenant}}.example.com/"}""", "http.url")]
    [InlineData("""{"method":"GET","url":"https://example.com:{{port}}/"}""", "http.url")]
    [InlineData("""{"method":"GET","url":"https://{{secret.HOST}}/"}""", "http.url")]
    [InlineData("""{"method":"GET","url":"https://user:pass@example.com/"}""", "http.url")]
    [InlineData("""{"method":"GET","url":"https://example.com/a/../b"}""", "http.url")]
    [InlineData("""{"method":"get","url":"https://example.com/"}""", "http.method")]
    [InlineData("""{"url":"https://example.com/"}""", "http.method")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"Transfer-Encoding":"chunked"}}""", "http.headers.Transfer-Encoding")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"webhook-signature":"v1,x"}}""", "http.headers.webhook-signature")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"proxy-authenticate":"x"}}""", "http.headers.proxy-authenticate")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"X-A":"1","x-a":"2"}}""", "http.headers.x-a")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"X-A":"line\nbreak"}}""", "http.headers.X-A")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"X(A)":"1"}}""", "http.headers.X(A)")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":["X-A"]}""", "http.headers")]
    [InlineData("""{"method":"GET","url":"https://example.com/","query":{"":"x"}}""", "http.query.")]
    [InlineData("""{"method":"POST","url":"https://example.com/","body":{"a":{"b":["{{secret.KEY}}"]}}}""", "http.body.a.b[0]")]
    [InlineData("""{"method":"GET","url":"https://example.com/","body":"{{x}}"}""", "http.body")]
    [InlineData("""{"method":"GET","url":"https://example.com/","response_mapping":{"x":"$.a[*]"}}""", "http.response_mapping.x")]
    [InlineData("""{"method":"GET","url":"https://example.com/","response_mapping":{"x":5}}""", "http.response_mapping.x")]
    [InlineData("""{"method":"GET","url":"https://example.com/","response_mapping":"$.a"}""", "http.response_mapping")]
    [InlineData("""{"method":"GET","url":"https://example.com/","sign_request":1}""", "http.sign_request")]
    [InlineData("""{"method":"GET","url":"https://example.com/","timeout":5}""", "http.timeout")]
    public void Each_problem_names_its_field(string json, string field)
    {
        var (settings, errors) = Parse(json);
        Assert.Null(settings);
        Assert.True(errors.ContainsKey(field), $"expected {field}; got {string.Join(", ", errors.Keys)}");
    }

    [Theory]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"Authorization":"Bearer abcdefgh12345678"}}""", "http.headers.Authorization")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"X-Api-Key":"abc123"}}""", "http.headers.X-Api-Key")]
    [InlineData("""{"method":"GET","url":"https://example.com/","headers":{"X-Note":"key sk-proj-abcdefghijklmnopqrstuvwx"}}""", "http.headers.X-Note")]
    [InlineData("""{"method":"GET","url":"https://example.com/","query":{"access_token":"literal-value"}}""", "http.query.access_token")]
    [InlineData("""{"method":"GET","url":"https://example.com/?key=sk-proj-abcdefghijklmnopqrstuvwx"}""", "http.url")]
    public void Credentials_written_in_clear_are_refused(string json, string field)
    {
        var (settings, errors) = Parse(json);
        Assert.Null(settings);
        Assert.True(errors.ContainsKey(field), $"expected {field}; got {string.Join(", ", errors.Keys)}");
        Assert.Contains("{{secret.NAME}}", string.Join(" ", errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_named_fields_with_placeholders_are_fine()
    {
        var (settings, errors) = Parse("""
            {"method":"GET","url":"https://example.com/","headers":{"Authorization":"Bearer {{secret.TOKEN}}","X-Api-Key":"{{secret.KEY}}"},
             "query":{"token":"{{session_token}}","page":"1"}}
            """);
        Assert.Empty(errors);
        Assert.NotNull(settings);
    }

    [Fact]
    public void Not_an_object_and_too_large_are_refused()
    {
        Assert.Contains("http", Parse("\"https://example.com\"").Errors.Keys);
        var huge = """{"method":"POST","url":"https://example.com/","body":{"a":"X"}}""".Replace("X", new string('x', 17_000), StringComparison.Ordinal);
        Assert.Contains("http", Parse(huge).Errors.Keys);
    }

    [Fact]
    public void Placeholders_in_the_path_and_query_of_the_url_are_fine()
    {
        var (settings, errors) = Parse("""{"method":"DELETE","url":"http://api.example.com:8080/v1/{{id}}?mode={{mode}}#{{frag}}"}""");
        Assert.Empty(errors);
        Assert.False(settings!.HasBody);
    }
}
