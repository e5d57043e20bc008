using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// Turns parsed settings and the execution's values into the request to send: values are percent-encoded in the
/// URL and query, inserted as they are in headers (line breaks refused), and JSON-encoded in the body (a string that
/// is exactly one placeholder takes the argument's JSON value, so numbers stay numbers). Pure and thread-safe.
/// </summary>
internal static class HttpRequestComposer
{
    public static (HttpRequestMessage Request, byte[] Body) Compose(HttpFunctionSettings settings, TemplateValues values)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(values);

        var renderedUrl = settings.Url.Render(s => Uri.EscapeDataString(values.Text(s)));
        // Uri removes "." and ".." segments (even percent-encoded ones): a value of ".." would climb out of the path.
        if (HasDotSegment(renderedUrl))
            throw new FunctionFailedException(FunctionErrorCodes.InvalidRequest, "A value would make a URL path segment '.' or '..'; the request was not sent.");
        var url = new StringBuilder(renderedUrl);
        if (settings.Query.Count > 0)
        {
            var fragment = url.ToString().IndexOf('#', StringComparison.Ordinal);
            var tail = fragment < 0 ? "" : url.ToString(fragment, url.Length - fragment);
            if (fragment >= 0) url.Length = fragment;
            var separator = url.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (var (name, template) in settings.Query)
            {
                url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=')
                    .Append(Uri.EscapeDataString(template.Render(values.Text)));
                separator = '&';
            }
            url.Append(tail);
        }
        if (!Uri.TryCreate(url.ToString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new FunctionFailedException(FunctionErrorCodes.InvalidRequest, "The URL is not a valid absolute http(s) URL once its placeholders are filled in.");

        var request = new HttpRequestMessage(new HttpMethod(settings.Method), uri);
        string? contentType = null;
        foreach (var (name, template) in settings.Headers)
        {
            var value = template.Render(values.Text);
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                request.Dispose();
                throw new FunctionFailedException(FunctionErrorCodes.InvalidRequest,
                    $"The header '{name}' would contain a line break once its placeholders are filled in; it was not sent.");
            }
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
            else request.Headers.TryAddWithoutValidation(name, value);
        }

        var body = Array.Empty<byte>();
        if (settings.HasBody)
        {
            var rendered = Render(settings.Body, values);
            body = Encoding.UTF8.GetBytes(rendered?.ToJsonString() ?? "null");
            request.Content = new ByteArrayContent(body);
            if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
                media = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Content.Headers.ContentType = media;
        }
        return (request, body);
    }

    /// <summary>True when the path of an absolute URL has a <c>.</c> or <c>..</c> segment, literally or percent-encoded.</summary>
    public static bool HasDotSegment(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var pathStart = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        if (pathStart < 0) return false;
        var pathEnd = url.IndexOfAny(['?', '#'], pathStart);
        var path = pathEnd < 0 ? url[pathStart..] : url[pathStart..pathEnd];
        foreach (var segment in path.Split('/'))
        {
            if (segment.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase) is "." or "..") return true;
        }
        return false;
    }

    private static JsonNode? Render(JsonNode? node, TemplateValues values)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var (key, child) in obj) copy[key] = Render(child, values);
                return copy;
            }
            case JsonArray array:
            {
                var copy = new JsonArray();
                foreach (var child in array) copy.Add(Render(child, values));
                return copy;
            }
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
            {
                // Parsed when the settings were: only a change of code could make this fail.
                if (!Template.TryParse(value.GetValue<string>(), out var template, out _)) return value.DeepClone();
                if (template.Whole is { } whole) return values.Json(whole);
                return JsonValue.Create(template.Render(values.Text));
            }
            default:
                return node?.DeepClone();
        }
    }
}
