using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Idempotency;
using Switchboard.ControlPlane.LiveCalls;
using Switchboard.ControlPlane.PhoneNumbers;
using Switchboard.ControlPlane.Tenancy;
using Switchboard.Realtime.Sessions;
using Switchboard.Sip.Transport;
using Switchboard.Sip.Uris;

namespace Switchboard.ControlPlane.Telephony;

/// <summary><c>POST /api/v1/calls/phone</c>: places an outbound call through the calling number's trunk (or direct SIP).</summary>
internal static class PhoneCallEndpoints
{
    public const string CreateEndpoint = "POST /api/v1/calls/phone";
    private const int DefaultRingTimeoutSeconds = 45;

    public static void MapPhoneCallEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/calls").WithTags("Calls").MapPost("/phone", Create).WithName("CreatePhoneCall")
            .WithSummary("Place a phone call from one of your numbers with an agent. Returns at once (201, status registered); the record moves to ringing, in_progress and ended with its disconnection reason. Honors Idempotency-Key.")
            .RequireScope(ApiKeyScopes.CallsWrite).WithApiConventions(ApiShape.Body)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Created<PhoneCallResponse>, ProblemHttpResult>> Create(
        CreatePhoneCallRequest request, HttpContext http, SwitchboardDbContext db, TenantContext tenant, CallRegistry registry,
        IdempotentRequests idempotency, SipGateway gateway, LiveCallHost host, SecretProtector secrets, CancellationToken ct)
    {
        var (key, badKey) = IdempotentRequests.ReadKey(http.Request);
        if (badKey is not null) return badKey;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CallRequestChecks.Check(errors, request.AgentId, request.AgentVersion, request.DynamicVariables, request.Metadata);
        var from = PhoneNumberFormat.Normalize(request.FromNumber);
        if (from is null) errors["from_number"] = ["from_number must be one of your numbers (E.164 or a SIP user part)."];
        if (string.IsNullOrWhiteSpace(request.ToNumber)) errors["to_number"] = ["to_number is required."];
        if (request.RingTimeoutSeconds is < 5 or > 300) errors["ring_timeout_seconds"] = ["ring_timeout_seconds must be 5 to 300."];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var organizationId = tenant.RequireOrganizationId();
        ProblemHttpResult? refused = null;
        var outcome = await idempotency.RunAsync(key, CreateEndpoint, request, async token =>
        {
            var number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(n => n.Number == from, token);
            if (number is null)
            {
                refused = Unprocessable("from_number", "from_number is not a number of this organization.");
                return null;
            }
            var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AgentId, token);
            var version = request.AgentVersion ?? agent?.PublishedVersion ?? agent?.LatestVersion;
            if (agent is null || !await db.AgentVersions.AnyAsync(v => v.AgentId == agent.Id && v.Version == version, token))
            {
                refused = Unprocessable(agent is null ? "agent_id" : "agent_version", agent is null ? "No agent with that id." : $"The agent has no version {version}.");
                return null;
            }
            var trunk = number.SipTrunkId is null ? null : await db.SipTrunks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == number.SipTrunkId, token);
            var route = await OutboundRoutes.ResolveAsync(request.ToNumber!.Trim(), number, trunk, secrets, token);
            if (route.Dial is not { } target)
            {
                refused = Unprocessable(route.Field!, route.Error!);
                return null;
            }
            if (!gateway.IsListening || !host.HasCapacity(organizationId))
            {
                refused = Unavailable(gateway.IsListening ? "The organization or the server is at its concurrent call limit." : "SIP is not listening on this server, so it cannot place calls.");
                return null;
            }

            var to = request.ToNumber!.Trim();
            var callId = await registry.RegisterAsync(organizationId, new CallRegistration(agent.Id, version!.Value, "outbound", from, to,
                request.Metadata, request.DynamicVariables), token);
            var call = new LiveCallRequest(organizationId, agent.Id, version, CallDirection.Outbound, from, to, "sip")
            {
                CallId = callId,
                DynamicVariables = request.DynamicVariables,
                Metadata = request.Metadata?.GetRawText(),
            };
            gateway.Dial(target with { RingTimeout = TimeSpan.FromSeconds(request.RingTimeoutSeconds ?? DefaultRingTimeoutSeconds), Call = call });
            return new PhoneCallResponse(callId, CallStatuses.Registered, from!, to, agent.Id, version.Value);
        }, ct);

        if (outcome.Conflict is { } conflict) return IdempotentRequests.ConflictProblem(conflict);
        if (outcome.Value is not { } response) return refused!;
        if (outcome.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/v1/calls/{response.CallId}", response);
    }

    private static ProblemHttpResult Unprocessable(string field, string message) =>
        ApiProblems.Unprocessable(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cannot place calls now", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.AtCapacity });
}
