namespace Switchboard.Speech;

/// <summary>
/// A cloud speech provider failed: the connection could not be made, the vendor answered with an HTTP error, closed
/// its WebSocket with an error, or sent an error message. <see cref="Exception.Message"/> carries the vendor's own
/// error text; it never contains the API key.
/// </summary>
/// <remarks>Thread-safety: instances are immutable after construction.</remarks>
public sealed class SpeechProviderException : SpeechException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">Provider name, e.g. "deepgram".</param>
    /// <param name="statusCode">HTTP status of the failed request or handshake, when there was one.</param>
    /// <param name="vendorMessage">The vendor's error text, or a description of the failure.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public SpeechProviderException(string provider, int? statusCode, string vendorMessage, Exception? innerException = null)
        : base(Format(provider, statusCode, vendorMessage), innerException!)
    {
        Provider = provider;
        StatusCode = statusCode;
        VendorMessage = vendorMessage;
    }

    /// <summary>Provider name, e.g. "deepgram", "openai", "elevenlabs".</summary>
    public string Provider { get; }

    /// <summary>HTTP status of the failed request or WebSocket handshake; null when the failure came later or had none.</summary>
    public int? StatusCode { get; }

    /// <summary>The vendor's error text (or our description of a transport failure).</summary>
    public string VendorMessage { get; }

    private static string Format(string provider, int? statusCode, string vendorMessage) =>
        statusCode is { } status
            ? $"{provider} failed with HTTP {status}: {vendorMessage}"
            : $"{provider} failed: {vendorMessage}";
}
