namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Limits and resources of live calls, section <c>Calls</c>.</summary>
internal sealed class LiveCallOptions
{
    public const string Section = "Calls";

    /// <summary>Calls this server runs at once, all organizations together; more are refused (SIP 503, HTTP 503).</summary>
    public int MaxConcurrentCalls { get; set; } = 100;

    /// <summary>Calls one organization may have at once.</summary>
    public int MaxConcurrentCallsPerOrganization { get; set; } = 50;

    /// <summary>What a refused call is told to wait before retrying (SIP and HTTP <c>Retry-After</c>).</summary>
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>Pocketsphinx decoders shared by all calls (each recognizes one utterance at a time).</summary>
    public int RecognizerPoolSize { get; set; } = 4;

    /// <summary>
    /// Megabytes of flite audio kept for sentences that repeat across calls (greetings, prompts, menus); 0 turns the
    /// cache off.
    /// </summary>
    public int FliteSentenceCacheMegabytes { get; set; } = 32;

    /// <summary>Where recordings of agents with <c>record_calls</c> go; relative paths are under the data directory.</summary>
    public string RecordingDirectory { get; set; } = "recordings";

    /// <exception cref="InvalidOperationException">A limit is not positive.</exception>
    public void Validate()
    {
        if (MaxConcurrentCalls < 1) throw new InvalidOperationException("Calls:MaxConcurrentCalls must be 1 or more.");
        if (MaxConcurrentCallsPerOrganization < 1) throw new InvalidOperationException("Calls:MaxConcurrentCallsPerOrganization must be 1 or more.");
        if (RetryAfterSeconds < 1) throw new InvalidOperationException("Calls:RetryAfterSeconds must be 1 or more.");
        if (RecognizerPoolSize < 1) throw new InvalidOperationException("Calls:RecognizerPoolSize must be 1 or more.");
        if (FliteSentenceCacheMegabytes < 0) throw new InvalidOperationException("Calls:FliteSentenceCacheMegabytes must be 0 (off) or more.");
    }
}
