using System.Net;
using System.Text.RegularExpressions;
using Switchboard.ControlPlane.Outbound;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Checks an endpoint request and names every bad field.</summary>
internal static partial class WebhookValidator
{
    public const int MaxHeaders = 20;

    /// <summary>Headers the transport owns, or that would let a custom header forge or confuse a signature.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "host", "content-length", "content-type", "content-encoding", "expect",
    };

    public static Dictionary<string, string[]> Validate(WebhookEndpointRequest r, bool create)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (r.Url is null)
        {
            if (create) Add("url", "url is required.");
        }
        else if (UrlProblem(r.Url) is { } problem)
        {
            Add("url", problem);
        }

        if (r.Description is { Length: > 500 }) Add("description", "description must be at most 500 characters.");

        if (r.EventTypes is { } types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                if (!WebhookEventTypes.IsKnown(types[i]))
                {
                    Add($"event_types[{i}]", $"Unknown event type '{types[i]}'. Known: "
                        + string.Join(", ", WebhookEventTypes.All.Select(t => t.Type)) + ".");
                }
            }
        }

        if (r.AgentId is { Length: > 0 } agentId && !Common.Ids.HasPrefix(agentId, Common.Ids.Agent))
            Add("agent_id", "agent_id must be an agent id (agent_…), or empty to remove the filter.");

        if (r.Headers is { } headers)
        {
            if (headers.Count > MaxHeaders) Add("headers", $"At most {MaxHeaders} custom headers.");
            foreach (var (name, value) in headers)
            {
                if (!HeaderName().IsMatch(name)) Add($"headers.{name}", "Not a valid header name.");
                else if (ReservedHeaders.Contains(name)) Add($"headers.{name}", $"'{name}' is set by the transport and cannot be customised.");
                else if (name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase))
                    Add($"headers.{name}", "webhook-* headers carry the signature and cannot be customised.");
                if (value is null || value.Length > 1000 || value.Any(c => c is '\r' or '\n' or '\0'))
                    Add($"headers.{name}", "A header value must be at most 1000 characters on one line.");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Null when the URL is acceptable. Literal addresses the outbound guard would refuse are caught here already;
    /// names are checked when each request connects, since what they resolve to can change.
    /// </summary>
    public static string? UrlProblem(string url)
    {
        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "url must be an absolute http(s) URL of at most 2000 characters.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url must not carry credentials; use a custom header instead.";
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && AddressPolicy.Classify(address) == OutboundRefusalReason.Metadata)
            return "url points at a cloud metadata address.";
        return null;
    }

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")]
    private static partial Regex HeaderName();
}
