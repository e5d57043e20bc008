using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Calls;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Sessions.Events;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Calls;

/// <summary>Feeds a server's call recorder the events a session emits, as a real call would produce them.</summary>
internal static class CallScript
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static string NewCallId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>
    /// A booking call: greeting, a question, a tool call, an interrupted answer, a digit, a node change, three
    /// measured turns, a refused transfer, the caller hangs up after 60 s.
    /// </summary>
    public static IReadOnlyList<CallEvent> Booking(string callId, string organizationId, string agentId, DateTimeOffset start)
    {
        CallEvent[] events =
        [
            new CallStarted(callId, start, TimeSpan.Zero, organizationId, agentId, 3, CallDirection.Inbound, "+15550100", "+15550199"),
            new NodeTransition(callId, At(start, 0.1), S(0.1), null, "greet", "start"),
            new Utterance(callId, At(start, 1.8), S(1.8), UtteranceRole.Agent, "Hello, Acme Dental!", S(0.2), S(1.8), false),
            new Utterance(callId, At(start, 4.3), S(4.3), UtteranceRole.User, "I'd like to book a cleaning.", S(2.5), S(4.0), false),
            new TurnLatency(callId, At(start, 5.0), S(5.0), 1, Ms(300), Ms(700), Ms(900), Ms(950)),
            new ToolCalled(callId, At(start, 5.2), S(5.2), callId + ":tc1", "check_availability", """{"day":"tuesday"}""",
                """{"slots":["10:00"]}""", false, Ms(120)),
            new Utterance(callId, At(start, 7.0), S(7.0), UtteranceRole.Agent, "We have 10 AM on", S(5.5), S(7.0), true),
            new DigitEvent(callId, At(start, 8.0), S(8.0), "1", true),
            new Utterance(callId, At(start, 9.0), S(9.0), UtteranceRole.User, "Ten works.", S(8.2), S(9.0), false),
            new TurnLatency(callId, At(start, 9.9), S(9.9), 2, Ms(200), Ms(500), Ms(800), Ms(820)),
            new NodeTransition(callId, At(start, 10.0), S(10.0), "greet", "confirm", "booked"),
            new Utterance(callId, At(start, 12.0), S(12.0), UtteranceRole.Agent, "Booked. Anything else?", S(10.1), S(12.0), false),
            new TurnLatency(callId, At(start, 12.5), S(12.5), 3, Ms(250), Ms(1500), Ms(1700), Ms(1800)),
            new TransferAttempted(callId, At(start, 20.0), S(20.0), "+15550123", false, "busy", "cold", "busy"),
            new CallEnded(callId, At(start, 60.0), S(60.0), "user_hangup", null),
        ];
        return events;
    }

    public static async Task FeedAsync(TestServerInstance server, IEnumerable<CallEvent> events)
    {
        var recorder = server.Services.GetRequiredService<CallRecorder>();
        foreach (var e in events) await recorder.OnEventAsync(e, CancellationToken.None);
        await recorder.FlushAsync(CancellationToken.None);
    }

    /// <summary>A started call, ended with <paramref name="endReason"/> unless that is null.</summary>
    public static async Task<string> RecordAsync(TestServerInstance server, string organizationId, string agentId, DateTimeOffset start,
        CallDirection direction = CallDirection.Inbound, string? from = "+15550100", string? to = "+15550199", string? endReason = "user_hangup")
    {
        var callId = NewCallId();
        var events = new List<CallEvent> { new CallStarted(callId, start, TimeSpan.Zero, organizationId, agentId, 1, direction, from, to) };
        if (endReason is not null) events.Add(new CallEnded(callId, start.AddSeconds(30), S(30), endReason, null));
        await FeedAsync(server, events);
        return callId;
    }

    private static DateTimeOffset At(DateTimeOffset start, double seconds) => start.AddSeconds(seconds);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
