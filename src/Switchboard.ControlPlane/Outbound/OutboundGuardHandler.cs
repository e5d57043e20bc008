using System.Net.Http;

namespace Switchboard.ControlPlane.Outbound;

/// <summary>
/// Outermost handler of the outbound client: refuses non-HTTP schemes before anything happens, and surfaces a
/// refusal from the connect callback as <see cref="OutboundRequestRefusedException"/> rather than buried inside
/// an <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class OutboundGuardHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https"))
        {
            throw new OutboundRequestRefusedException(OutboundRefusalReason.UnsupportedScheme, uri?.IsAbsoluteUri == true ? uri.Host : "",
                "Only absolute http and https URLs are contacted.");
        }
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refused)
        {
            throw refused;
        }
    }

    private static OutboundRequestRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OutboundRequestRefusedException refused) return refused;
        }
        return null;
    }
}
