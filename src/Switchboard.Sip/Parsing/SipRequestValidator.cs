using Switchboard.Sip.Messages;

namespace Switchboard.Sip.Parsing;

/// <summary>
/// UAS policy checks that sit above the parser (RFC 3261 §8.2, RFC 4475 §3.2–3.3): the checks a user agent server
/// makes on a request that parsed, before handing it to the application. Returns the response to send, or
/// <see langword="null"/> to accept. Configure with init properties; immutable afterwards and thread-safe.
/// </summary>
public sealed class SipRequestValidator
{
    /// <summary>Methods this UAS implements; others get 501 (§8.2.1). Default: <see cref="SipMethods.Known"/>.</summary>
    public IReadOnlySet<string> SupportedMethods { get; init; } = SipMethods.Known;

    /// <summary>Option tags this UAS supports; an unknown Require tag gets 420 (§8.2.2.3). Default: none.</summary>
    public IReadOnlySet<string> SupportedExtensions { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Body types this UAS understands; others get 415 (§8.2.3). Default: application/sdp.</summary>
    public IReadOnlyList<string> AcceptedContentTypes { get; init; } = ["application/sdp"];

    /// <summary>Authorization schemes this UAS can verify; others get 401 (a fresh challenge). Default: Digest.</summary>
    public IReadOnlySet<string> SupportedAuthSchemes { get; init; } = new HashSet<string>(["Digest"], StringComparer.OrdinalIgnoreCase);

    /// <summary>URI schemes acceptable as a REGISTER address of record (To); others get 416. Default: sip, sips.</summary>
    public IReadOnlySet<string> RegistrarSchemes { get; init; } = new HashSet<string>(["sip", "sips"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks a parsed request; returns the response to send, or <see langword="null"/> when it is acceptable.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public SipValidationResult? Validate(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // RFC 4475 §3.2.1: a branch that is only the magic cookie claims RFC 3261 matching without an identifier.
        ViaHeader? top = request.TopVia;
        if (top?.Branch == ViaHeader.MagicCookie)
        {
            return Result(400, "Via branch is only the magic cookie");
        }

        if (!SupportedMethods.Contains(request.Method))
        {
            return Result(501, $"Method {request.Method} is not implemented", ("Allow", string.Join(", ", SupportedMethods.Order(StringComparer.Ordinal))));
        }

        if (request.Method == SipMethods.Register && !RegistrarSchemes.Contains(request.To.Uri.Scheme))
        {
            return Result(416, $"Address-of-record scheme '{request.To.Uri.Scheme}' is not supported");
        }

        List<string> unsupported = [];
        foreach (SipHeader h in request.Headers.GetAll(SipHeaderNames.Require))
        {
            foreach (string tag in h.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!SupportedExtensions.Contains(tag))
                {
                    unsupported.Add(tag);
                }
            }
        }

        // Proxy-Require is for proxies; a UAS ignores it (RFC 3261 §8.2.2.3, RFC 4475 §3.3.5).
        if (unsupported.Count > 0 && request.Method is not (SipMethods.Ack or SipMethods.Cancel))
        {
            return Result(420, "Unsupported extension required", (SipHeaderNames.Unsupported, string.Join(", ", unsupported)));
        }

        foreach (SipHeader h in request.Headers)
        {
            if (h.Name is SipHeaderNames.Authorization or SipHeaderNames.ProxyAuthorization)
            {
                string scheme = h.Value.Split(' ', 2)[0];
                if (!SupportedAuthSchemes.Contains(scheme))
                {
                    return Result(401, $"Authorization scheme '{scheme}' is not supported");
                }
            }
        }

        if (!request.Body.IsEmpty && request.ContentType is string contentType && !IsAccepted(MediaType(contentType)))
        {
            return Result(415, $"Content-Type {MediaType(contentType)} is not supported", (SipHeaderNames.Accept, string.Join(", ", AcceptedContentTypes)));
        }

        // RFC 4475 §3.3.15: an INVITE whose Accept rules out every body type we could answer with.
        if (request.Method == SipMethods.Invite && request.Headers.GetFirstValue(SipHeaderNames.Accept) is not null && !AcceptsAny(request))
        {
            return Result(406, "None of the Accept types can be produced");
        }

        return null;
    }

    private bool AcceptsAny(SipRequest request)
    {
        foreach (SipHeader h in request.Headers.GetAll(SipHeaderNames.Accept))
        {
            foreach (string item in h.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                string type = MediaType(item);
                if (type is "*/*" or "application/*" || IsAccepted(type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsAccepted(string mediaType)
    {
        foreach (string t in AcceptedContentTypes)
        {
            if (string.Equals(t, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string MediaType(string value)
    {
        int semi = value.IndexOf(';', StringComparison.Ordinal);
        return (semi >= 0 ? value[..semi] : value).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\t", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
    }

    private static SipValidationResult Result(int status, string reason, params (string Name, string Value)[] headers)
    {
        var list = new List<KeyValuePair<string, string>>(headers.Length);
        foreach ((string name, string value) in headers)
        {
            list.Add(new KeyValuePair<string, string>(name, value));
        }

        return new SipValidationResult(status, reason, list);
    }
}
