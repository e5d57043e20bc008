using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Counts every authenticated API request against its key, by endpoint group (the first path segment).</summary>
internal sealed class UsageMiddleware(RequestDelegate next, UsageRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Features.Get<AuthenticatedKey>() is { } key)
        {
            recorder.Record(key, EndpointGroup(context.Request.Path));
        }
    }

    internal static string EndpointGroup(PathString path)
    {
        var value = path.Value ?? "";
        const string prefix = "/api/v1/";
        if (!value.StartsWith(prefix, StringComparison.Ordinal)) return "other";
        var rest = value.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        var group = slash < 0 ? rest : rest[..slash];
        return group.Length is 0 or > 40 ? "other" : group.ToString().Replace('-', '_');
    }
}
