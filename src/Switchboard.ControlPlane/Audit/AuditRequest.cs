using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.Audit;

/// <summary>
/// The request an audit row describes, per request scope. <see cref="Http.RequestIdMiddleware"/> binds it first thing,
/// so <see cref="AuditTrail"/> needs no <c>IHttpContextAccessor</c>: while the accessor is registered, ASP.NET Core
/// stops reusing <see cref="HttpContext"/> objects between requests and writes an <c>AsyncLocal</c> on every request.
/// The values are read when a row is recorded (as the accessor did), so anything that adjusts the request's trace
/// identifier or remote address earlier in the request is still reflected. Not thread-safe; one per request scope,
/// and the scope ends with the request, so the (pooled) context is never read after its request.
/// </summary>
internal sealed class AuditRequest
{
    private HttpContext? context;

    public void Bind(HttpContext request)
    {
        ArgumentNullException.ThrowIfNull(request);
        context = request;
    }

    /// <summary>The request id (the <c>X-Request-Id</c> echoed to the client), or null outside a request.</summary>
    public string? RequestId => context?.TraceIdentifier;

    /// <summary>The client's IP address, or null outside a request or when the transport has none.</summary>
    public string? ClientIp => context?.Connection.RemoteIpAddress?.ToString();
}
