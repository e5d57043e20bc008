namespace Switchboard.Speech.OpenAI;

/// <summary>Construction options of <see cref="OpenAISpeechToTextClient"/>.</summary>
/// <remarks>Read once by the constructor; later changes have no effect.</remarks>
public sealed class OpenAISpeechToTextClientOptions
{
    /// <summary>OpenAI's API base address.</summary>
    public static readonly Uri DefaultBaseUri = new("https://api.openai.com/v1/");

    /// <summary>The API key, sent as <c>Authorization: Bearer KEY</c>. Required.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>API base (<c>http</c> or <c>https</c>); <c>audio/transcriptions</c> is appended. Any OpenAI-compatible server works.</summary>
    public Uri BaseUri { get; set; } = DefaultBaseUri;

    /// <summary>Transcription model (overridden per request by <c>SpeechToTextOptions.ModelId</c>).</summary>
    public string Model { get; set; } = "gpt-4o-mini-transcribe";

    /// <summary>The agent's boosted keywords, put in the transcription prompt of every request.</summary>
    public IList<string> Keywords { get; } = [];
}
