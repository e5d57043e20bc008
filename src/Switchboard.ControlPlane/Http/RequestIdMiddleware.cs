using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Audit;

namespace Switchboard.ControlPlane.Http;

/// <summary>
/// Every response carries <c>X-Request-Id</c>: the client's own when it sent a sane one (so it can correlate),
/// else a new one. It becomes the trace identifier used in logs, problem bodies and the audit log; the request is bound
/// to the scope's <see cref="AuditRequest"/> here because nothing may register <c>IHttpContextAccessor</c> (it turns
/// off <c>HttpContext</c> pooling).
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsAcceptable(incoming) ? incoming : "req_" + Common.Base62.Random(20);
        context.Response.Headers[Header] = context.TraceIdentifier;
        context.RequestServices.GetRequiredService<AuditRequest>().Bind(context);
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
