namespace Switchboard.ControlPlane.WebCalls;

/// <summary>
/// The browser test page at <c>/call</c>: plain HTML and ES modules embedded in this assembly (no build step), served
/// with a strict content security policy. The page talks to the public API like any other client.
/// </summary>
internal static class WebCallPage
{
    private const string ResourcePrefix = "Switchboard.ControlPlane.WebCalls.Page.";

    // Only the page itself and the worklet may fetch and connect; audio plays from generated buffers.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["call.html"] = "text/html; charset=utf-8",
        ["call.js"] = "text/javascript; charset=utf-8",
        ["call.css"] = "text/css; charset=utf-8",
        ["mic-worklet.js"] = "text/javascript; charset=utf-8",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/call", (HttpContext http) => Serve(http, "call.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/call/{file}", (string file, HttpContext http) => Serve(http, file)).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var contentType)) return TypedResults.NotFound();
        var stream = typeof(WebCallPage).Assembly.GetManifestResourceStream(ResourcePrefix + file);
        if (stream is null) return TypedResults.NotFound();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return TypedResults.Stream(stream, contentType);
    }
}
