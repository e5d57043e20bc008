using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.Http;

/// <summary>
/// Every response carries <c>X-Request-Id</c>: the client's own when it sent a sane one (so it can correlate),
/// else a new one. It becomes the trace identifier used in logs, problem bodies and the audit log.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsAcceptable(incoming) ? incoming : "req_" + Common.Base62.Random(20);
        context.Response.Headers[Header] = context.TraceIdentifier;
        return next(context);
    }

    private static bool IsAcceptable(string value)
    {
        if (value.Length is 0 or > 128) return false;
        foreach (var c in value)
        {
            if (c is < '!' or > '~') return false;
        }
        return true;
    }
}
