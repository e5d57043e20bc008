using System.Text.Json;
using Switchboard.ControlPlane.Webhooks.Events;

namespace Switchboard.ControlPlane.Webhooks;

/// <summary>Every event type, the record its <c>data</c> is, and a sample of it for the test endpoint.</summary>
internal static class WebhookEventTypes
{
    public const string CallStarted = "call.started";
    public const string CallEnded = "call.ended";
    public const string CallAnalyzed = "call.analyzed";
    public const string TranscriptUpdated = "transcript.updated";
    public const string ConversationUpdated = "conversation.updated";
    public const string TransferStarted = "transfer.started";
    public const string TransferEnded = "transfer.ended";
    public const string AgentDeployed = "agent.deployed";
    public const string FunctionFailed = "function.failed";
    public const string EndpointDisabled = "webhook.endpoint_disabled";
    public const string Error = "error";

    /// <summary>In documentation order.</summary>
    public static readonly IReadOnlyList<(string Type, Type DataType)> All =
    [
        (CallStarted, typeof(CallStartedData)),
        (CallEnded, typeof(CallEndedData)),
        (CallAnalyzed, typeof(CallAnalyzedData)),
        (TranscriptUpdated, typeof(TranscriptUpdatedData)),
        (ConversationUpdated, typeof(ConversationUpdatedData)),
        (TransferStarted, typeof(TransferStartedData)),
        (TransferEnded, typeof(TransferEndedData)),
        (AgentDeployed, typeof(AgentDeployedData)),
        (FunctionFailed, typeof(FunctionFailedData)),
        (EndpointDisabled, typeof(EndpointDisabledData)),
        (Error, typeof(ErrorData)),
    ];

    public static bool IsKnown(string? type)
    {
        foreach (var (known, _) in All)
        {
            if (known == type) return true;
        }
        return false;
    }

    /// <summary>
    /// The call's own story, which also goes to the agent's <c>webhook_url</c>. <c>function.failed</c> and <c>error</c>
    /// name a call too but are operational alerts: they go to the organization's endpoints only.
    /// </summary>
    public static bool IsCallEvent(string type) => type is CallStarted or CallEnded or CallAnalyzed or TranscriptUpdated
        or ConversationUpdated or TransferStarted or TransferEnded;

    public static object Sample(string type, DateTimeOffset now, string? agentId)
    {
        const string call = "call_SampleSampleSample0000000";
        var agent = agentId ?? "agent_SampleSampleSample00000";
        return type switch
        {
            CallStarted => new CallStartedData(call, agent, 1, "inbound", "+15550100", "+15550199", now),
            CallEnded => new CallEndedData(call, agent, now.AddMinutes(-2), now, 120_000, "user_hangup"),
            CallAnalyzed => new CallAnalyzedData(call, agent, "The caller booked a cleaning.",
                JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["appointment_booked"] = true })),
            TranscriptUpdated => new TranscriptUpdatedData(call, agent,
                [new TranscriptLine("agent", "Hello, Acme Dental!", 200, 1800, false), new TranscriptLine("user", "I'd like an appointment.", 2500, 4000, false)],
                2, false),
            ConversationUpdated => new ConversationUpdatedData(call, agent, "greet", "book", "wants_appointment", new Dictionary<string, string> { ["patient_name"] = "Sam" }),
            TransferStarted => new TransferStartedData(call, agent, "+15550123", "cold"),
            TransferEnded => new TransferEndedData(call, agent, "+15550123", "cold", "connected", true, null),
            AgentDeployed => new AgentDeployedData(agent, "Acme Dental", 3, now),
            FunctionFailed => new FunctionFailedData("fn_SampleSampleSample000000000", "book_slot", call, agent, "provider_failed",
                "HTTP 503 from the booking API.", call + ":tc_1", 2150),
            EndpointDisabled => new EndpointDisabledData("whep_SampleSampleSample00000000", "https://example.com/hook", "failing", now.AddDays(-5)),
            Error => new ErrorData("call_failed", "The call ended because of an error in the call engine.", call, agent),
            _ => throw new ArgumentException($"Unknown event type '{type}'.", nameof(type)),
        };
    }
}
