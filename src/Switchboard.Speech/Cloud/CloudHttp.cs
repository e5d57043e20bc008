using System.Net.Http.Headers;

namespace Switchboard.Speech.Cloud;

/// <summary>Sends a vendor HTTP request, turning transport failures and error statuses into <see cref="SpeechProviderException"/>s.</summary>
internal static class CloudHttp
{
    /// <summary>Sends <paramref name="request"/> (disposing it) and returns the successful response; the caller disposes it.</summary>
    internal static async Task<HttpResponseMessage> SendAsync(
        string provider, HttpClient http, HttpRequestMessage request, AuthenticationHeaderValue? authorization, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (authorization is not null)
            {
                request.Headers.Authorization = authorization;
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, completion, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new SpeechProviderException(provider, null, $"could not reach {request.RequestUri?.GetLeftPart(UriPartial.Path)}: {ex.Message}", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SpeechProviderException(provider, null, "the request timed out", ex);
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await CloudErrors.FromResponseAsync(provider, response, cancellationToken);
                }
            }

            return response;
        }
    }
}
