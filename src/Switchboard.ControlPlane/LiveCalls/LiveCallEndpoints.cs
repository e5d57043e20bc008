using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.Realtime.Sessions.Events;

namespace Switchboard.ControlPlane.LiveCalls;

/// <summary>Live call control: <c>/api/v1/calls/{id}/end</c>, <c>/inject</c> and <c>/events</c> (server-sent events).</summary>
internal static class LiveCallEndpoints
{
    private const int MaxInjectLength = 2000;

    public static void MapLiveCallEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calls").WithTags("Calls");
        group.MapPost("/{id}/end", End).WithName("EndCall")
            .WithSummary("End a live call from our side: the agent stops and the transport is hung up (disconnection reason api_end).")
            .RequireScope(ApiKeyScopes.CallsWrite).WithApiConventions(ApiShape.Id)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/inject", Inject).WithName("InjectIntoCall")
            .WithSummary("Make the agent say something when it is next idle (mode say), or add context its model sees from its next answer (mode context, LLM agents).")
            .RequireScope(ApiKeyScopes.CallsWrite).WithApiConventions(ApiShape.Id | ApiShape.Body)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/events", Events).WithName("FollowCallEvents")
            .WithSummary("Follow a live call as server-sent events: each event's name is its type (utterance, dtmf, tool_call, node_transition, transfer, turn_latency, call_ended) and its data the JSON payload stored in the call record.")
            .RequireScope(ApiKeyScopes.CallsRead).WithApiConventions(ApiShape.Id)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Accepted<LiveCallControlResponse>, ProblemHttpResult>> End(string id, LiveCallHost host, TenantContext tenant,
        SwitchboardDbContext db, CancellationToken ct)
    {
        var live = host.Find(tenant.RequireOrganizationId(), id);
        if (live is null) return await NotLiveAsync(db, id, ct);
        live.End("api_end");
        return TypedResults.Accepted($"/api/v1/calls/{id}", new LiveCallControlResponse(id, "ending"));
    }

    private static async Task<Results<Accepted<LiveCallControlResponse>, ProblemHttpResult>> Inject(string id, InjectRequest request, LiveCallHost host,
        TenantContext tenant, SwitchboardDbContext db, CancellationToken ct)
    {
        // Existence first, so another tenant's call is a 404 whatever the body says.
        var live = host.Find(tenant.RequireOrganizationId(), id);
        var notLive = live is null ? await NotLiveAsync(db, id, ct) : null;
        if (notLive?.ProblemDetails.Status == StatusCodes.Status404NotFound) return notLive;

        var text = request.Text?.Trim();
        var mode = request.Mode ?? "say";
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text)) errors["text"] = ["text is required."];
        else if (text.Length > MaxInjectLength) errors["text"] = [$"text must be at most {MaxInjectLength} characters."];
        if (mode is not ("say" or "context")) errors["mode"] = ["mode must be say or context."];
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        if (live is null) return notLive!;

        if (mode == "say")
        {
            live.Say(text!);
            return TypedResults.Accepted($"/api/v1/calls/{id}", new LiveCallControlResponse(id, "say_queued"));
        }
        if (!live.AddContext(text!))
            return ApiProblems.Conflict("This call's agent is a conversation flow or IVR menu, which keeps no model context; use mode say.");
        return TypedResults.Accepted($"/api/v1/calls/{id}", new LiveCallControlResponse(id, "context_added"));
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> Events(string id, LiveCallHost host, TenantContext tenant,
        SwitchboardDbContext db, CancellationToken ct)
    {
        var live = host.Find(tenant.RequireOrganizationId(), id);
        if (live is null) return await NotLiveAsync(db, id, ct);
        return TypedResults.ServerSentEvents(Stream(live, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> Stream(LiveCall live, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = live.Subscribe();
        try
        {
            await foreach (var callEvent in reader.ReadAllAsync(ct))
            {
                if (callEvent is CallStarted) continue;
                var (type, payload) = CallEventPayloads.From(callEvent);
                yield return new SseItem<string>(payload, type);
            }
        }
        finally
        {
            live.Unsubscribe(reader);
        }
    }

    /// <summary>404 for a call that does not exist (or is another tenant's); 409 for one that exists but is not running here.</summary>
    private static async Task<ProblemHttpResult> NotLiveAsync(SwitchboardDbContext db, string id, CancellationToken ct)
    {
        var status = await db.Calls.AsNoTracking().Where(c => c.Id == id).Select(c => c.Status).FirstOrDefaultAsync(ct);
        return status is null
            ? ApiProblems.NotFound("call")
            : ApiProblems.Conflict($"The call is not live on this server (status {status}).");
    }
}
