using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.ControlPlane.Http;

/// <summary>Every problem body gets a stable <c>code</c>, the <c>request_id</c>, and never an exception's details.</summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddSwitchboardProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Status = status;
            ctx.ProblemDetails.Extensions.Remove("traceId");
            ctx.ProblemDetails.Extensions.Remove("trace_id");
            ctx.ProblemDetails.Extensions.Remove("exception");
            ctx.ProblemDetails.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
            ctx.ProblemDetails.Extensions["request_id"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            if (status >= 500)
            {
                ctx.ProblemDetails.Detail = "The server failed to handle the request. Quote the request_id when reporting it.";
            }
            else if (status == 404 && ctx.HttpContext.GetEndpoint() is null)
            {
                ctx.ProblemDetails.Detail ??= "No route matches this path.";
            }
            else if (status == 415)
            {
                ctx.ProblemDetails.Detail ??= "Send the body as application/json.";
            }
            else if (status == 405)
            {
                ctx.ProblemDetails.Detail ??= "This route does not accept the method " + ctx.HttpContext.Request.Method + ".";
            }
        });
}
