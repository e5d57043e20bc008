namespace Switchboard.Realtime.Sessions;

/// <summary>Keys and endpoints of the cloud speech providers agents may choose (section <c>Speech</c>).</summary>
public sealed class SpeechProviderOptions
{
    public const string Section = "Speech";

    public string? DeepgramApiKey { get; set; }
    public Uri? DeepgramEndpoint { get; set; }
    public string? OpenAIApiKey { get; set; }
    public Uri? OpenAIBaseUri { get; set; }
    public string? ElevenLabsApiKey { get; set; }
    public Uri? ElevenLabsBaseUri { get; set; }
}
