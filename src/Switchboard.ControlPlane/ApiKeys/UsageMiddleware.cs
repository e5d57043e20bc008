using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Counts every authenticated API request against its key, by endpoint group (the first path segment).</summary>
internal sealed class UsageMiddleware(RequestDelegate next, UsageRecorder recorder)
{
    // Group names interned so a request does not allocate one; bounded because the path is the client's to choose.
    private const int MaxInterned = 256;
    private static readonly ConcurrentDictionary<string, string> Interned = new(StringComparer.Ordinal);

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
        if (group.Length is 0 or > 40) return "other";
        if (Interned.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(group, out var known)) return known;
        var name = group.ToString().Replace('-', '_');
        if (Interned.Count < MaxInterned) Interned.TryAdd(group.ToString(), name);
        return name;
    }
}
