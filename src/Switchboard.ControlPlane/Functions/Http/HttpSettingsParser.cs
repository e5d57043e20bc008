using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// Checks a function's <c>http</c> settings and parses them into <see cref="HttpFunctionSettings"/>, naming every
/// bad field (<c>http.method</c>, <c>http.headers.X-Api-Key</c>, <c>http.body.customer.name</c>, …). Pure and thread-safe.
/// </summary>
internal static partial class HttpSettingsParser
{
    public const int MaxSettingsChars = 16_384;
    public const int MaxUrlChars = 2000;
    public const int MaxEntries = 50;
    public const int MaxHeaderValueChars = 4000;

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE" };
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "method", "url", "headers", "query", "body", "response_mapping", "sign_request",
    };

    // The client sets these itself (framing, routing, signing); a template must not be able to change them.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer",
        "Expect", "webhook-id", "webhook-timestamp", "webhook-signature",
    };

    /// <summary>The parsed settings, or null when <paramref name="error"/> was called at least once.</summary>
    public static HttpFunctionSettings? Parse(JsonElement? http, Action<string, string> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var failed = false;
        void Error(string field, string message)
        {
            failed = true;
            error(field, message);
        }

        if (http is not { ValueKind: JsonValueKind.Object } settings)
        {
            Error("http", "http settings are required for kind 'http': { \"method\": \"POST\", \"url\": \"https://...\" }.");
            return null;
        }
        if (settings.GetRawText().Length > MaxSettingsChars) Error("http", "http settings must be at most 16 KB.");
        foreach (var property in settings.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
                Error("http." + property.Name, "Unknown field; http settings are method, url, headers, query, body, response_mapping and sign_request.");
        }

        var method = settings.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : null;
        if (method is null || !Methods.Contains(method))
        {
            Error("http.method", "method must be one of GET, POST, PUT, PATCH, DELETE.");
            method = "GET";
        }

        var url = ParseUrl(settings, Error);
        var headers = ParsePairs(settings, "headers", Error, (name, value, duplicate) => CheckHeader(name, value, duplicate) ?? CheckCredential(name, value));
        var query = ParsePairs(settings, "query", Error, (name, value, _) =>
            name.Length is 0 or > 200 ? "A query parameter name is 1 to 200 characters." : CheckCredential(name, value));

        JsonNode? body = null;
        var hasBody = settings.TryGetProperty("body", out var b) && b.ValueKind != JsonValueKind.Null;
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        if (hasBody)
        {
            if (method == "GET") Error("http.body", "A GET request has no body; use query, or another method.");
            body = JsonNode.Parse(b.GetRawText());
            CheckBody(body, "http.body", Error);
        }
        else if (headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            Error("http.headers.Content-Type", "Content-Type describes a body; this function sends none.");
        }

        var mapping = new List<KeyValuePair<string, JsonPath>>();
        if (settings.TryGetProperty("response_mapping", out var map) && map.ValueKind != JsonValueKind.Null)
        {
            if (map.ValueKind != JsonValueKind.Object) Error("http.response_mapping", "response_mapping is an object of variable name to JSON path, e.g. {\"status\": \"$.order.status\"}.");
            else
            {
                foreach (var entry in map.EnumerateObject())
                {
                    var field = "http.response_mapping." + entry.Name;
                    if (!VariableName().IsMatch(entry.Name)) Error(field, "A variable name is letters, digits and underscores (at most 64), not starting with a digit.");
                    else if (entry.Value.ValueKind != JsonValueKind.String) Error(field, "The value is a JSON path string such as $.data.items[0].id.");
                    else if (!JsonPath.TryParse(entry.Value.GetString()!, out var path, out var pathError)) Error(field, pathError);
                    else mapping.Add(new(entry.Name, path));
                }
                if (mapping.Count > MaxEntries) Error("http.response_mapping", $"At most {MaxEntries} mapped variables.");
            }
        }

        var sign = false;
        if (settings.TryGetProperty("sign_request", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind is JsonValueKind.True or JsonValueKind.False) sign = s.GetBoolean();
            else Error("http.sign_request", "sign_request is true or false.");
        }

        if (failed || url is null) return null;
        foreach (var name in url.SecretNames.Concat(headers.SelectMany(h => h.Value.SecretNames)).Concat(query.SelectMany(q => q.Value.SecretNames)))
            secrets.Add(name);
        return new HttpFunctionSettings(method, url, headers, query, body, hasBody, mapping, sign, secrets);
    }

    private static Template? ParseUrl(JsonElement settings, Action<string, string> error)
    {
        const string Expected = "url must be an absolute http(s) URL of at most 2000 characters; placeholders may appear in the path and query, not in the scheme, host or port.";
        if (!settings.TryGetProperty("url", out var u) || u.ValueKind != JsonValueKind.String || u.GetString()!.Length is 0 or > MaxUrlChars)
        {
            error("http.url", Expected);
            return null;
        }
        var text = u.GetString()!;
        if (!Template.TryParse(text, out var template, out var templateError))
        {
            error("http.url", templateError);
            return null;
        }
        // The authority is fixed when the function is saved: a value must never choose which server is contacted.
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var authorityEnd = schemeEnd < 0 ? -1 : text.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
        var authority = schemeEnd < 0 || authorityEnd < 0 ? text : text[..authorityEnd];
        var probe = template.Render(_ => "x");
        if (authority.Contains("{{", StringComparison.Ordinal)
            || !Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            error("http.url", Expected);
            return null;
        }
        if (CheckCredential("", template) is { } credential)
        {
            error("http.url", credential);
            return null;
        }
        if (HttpRequestComposer.HasDotSegment(text))
        {
            error("http.url", "The URL path cannot have '.' or '..' segments.");
            return null;
        }
        if (uri.UserInfo.Length > 0)
        {
            error("http.url", "Credentials in the URL are not allowed; send them in a header from a secret, e.g. \"Authorization\": \"Bearer {{secret.API_TOKEN}}\".");
            return null;
        }
        return template;
    }

    private static List<KeyValuePair<string, Template>> ParsePairs(
        JsonElement settings, string name, Action<string, string> error, Func<string, Template, bool, string?> check)
    {
        var pairs = new List<KeyValuePair<string, Template>>();
        if (!settings.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null) return pairs;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error("http." + name, $"{name} is an object of name to value template.");
            return pairs;
        }
        var count = 0;
        foreach (var entry in element.EnumerateObject())
        {
            var field = $"http.{name}.{entry.Name}";
            if (++count > MaxEntries)
            {
                error("http." + name, $"At most {MaxEntries} {name}.");
                break;
            }
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                error(field, "The value is a string (a template such as \"Bearer {{secret.API_TOKEN}}\").");
                continue;
            }
            if (!Template.TryParse(entry.Value.GetString()!, out var template, out var templateError))
            {
                error(field, templateError);
                continue;
            }
            if (check(entry.Name, template, pairs.Any(p => p.Key.Equals(entry.Name, StringComparison.OrdinalIgnoreCase))) is { } problem)
            {
                error(field, problem);
                continue;
            }
            pairs.Add(new(entry.Name, template));
        }
        return pairs;
    }

    private static string? CheckHeader(string name, Template value, bool duplicate)
    {
        if (name.Length is 0 or > 100 || !HeaderName().IsMatch(name)) return "A header name is 1 to 100 token characters (RFC 9110: letters, digits and !#$%&'*+-.^_`|~).";
        if (ReservedHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)) return $"The header '{name}' is set by the server and cannot be configured.";
        if (duplicate) return $"The header '{name}' is given twice (names are case-insensitive).";
        if (value.Source.Length > MaxHeaderValueChars) return $"A header value is at most {MaxHeaderValueChars} characters.";
        if (value.Source.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0) return "A header value cannot contain line breaks or NUL.";
        return null;
    }

    /// <summary>
    /// A credential written into the settings would be shown by every GET of the function and stored in every
    /// version; it belongs in the secret store. Refused: literal text that looks like a credential anywhere, and a
    /// credential-named header or parameter (Authorization, X-Api-Key, token, …) whose value has no placeholder.
    /// </summary>
    private static string? CheckCredential(string name, Template value)
    {
        const string Advice = " Store it with POST /api/v1/secrets and write {{secret.NAME}} here instead.";
        foreach (var segment in value.Segments)
        {
            if (segment.Kind == TemplateSegmentKind.Literal && !ReferenceEquals(SensitiveDataMasker.MaskText(segment.Text), segment.Text))
                return "This looks like a credential written in clear." + Advice;
        }
        if (name.Length > 0 && SensitiveDataMasker.IsSecretName(name) && !value.HasPlaceholders && value.Source.Trim().Length > 0)
            return $"'{name}' carries a credential; its value must come from a placeholder, not be written in clear." + Advice;
        return null;
    }

    private static void CheckBody(JsonNode? node, string field, Action<string, string> error)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj) CheckBody(child, field + "." + key, error);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) CheckBody(array[i], $"{field}[{i}]", error);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                if (!Template.TryParse(value.GetValue<string>(), out var template, out var templateError)) error(field, templateError);
                else if (template.SecretNames.Any())
                    error(field, "Secrets are allowed only in url, headers and query, never in the body (bodies are echoed and logged by many servers).");
                break;
        }
    }

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
