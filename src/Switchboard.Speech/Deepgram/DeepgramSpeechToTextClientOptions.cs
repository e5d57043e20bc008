namespace Switchboard.Speech.Deepgram;

/// <summary>Construction options of <see cref="DeepgramSpeechToTextClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class DeepgramSpeechToTextClientOptions
{
    /// <summary>Deepgram's live transcription endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("wss://api.deepgram.com/v1/listen");

    /// <summary>The API key, sent as <c>Authorization: Token KEY</c>. Required.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The listen endpoint (<c>ws</c> or <c>wss</c>); tests point it at a local fake.</summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Model, e.g. "nova-3" (overridden per request by <c>SpeechToTextOptions.ModelId</c>).</summary>
    public string Model { get; set; } = "nova-3";

    /// <summary>Language sent when a request names none.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Silence, in milliseconds, after which Deepgram ends an utterance (<c>endpointing</c>); 10 to 10000.</summary>
    public int EndpointingMilliseconds { get; set; } = 300;

    /// <summary>
    /// How long the audio may stall before a <c>KeepAlive</c> message is sent (Deepgram closes an idle stream after
    /// 10 s); 1 to 9 seconds.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The agent's boosted keywords, sent with every request (see <see cref="SpeechHints"/>).</summary>
    public IList<string> Keywords { get; } = [];

    /// <summary>Clock of the keep-alive timer.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
