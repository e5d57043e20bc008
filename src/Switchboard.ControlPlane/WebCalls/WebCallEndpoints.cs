using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Idempotency;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.WebCalls;

/// <summary><c>POST /api/v1/calls/web</c>: registers a web call and hands out the token that opens its stream.</summary>
internal static class WebCallEndpoints
{
    public const string CreateEndpoint = "POST /api/v1/calls/web";
    private const int MaxVariables = 100;
    private const int MaxVariableName = 100;
    private const int MaxVariableValue = 2000;
    private const int MaxMetadataBytes = 16 * 1024;

    public static void MapWebCallEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calls").WithTags("Calls");
        group.MapPost("/web", Create).WithName("CreateWebCall")
            .WithSummary("Register a web call: returns the call id and a short-lived, single-use access token for its WebSocket stream (see docs/web-calls.md). Honors Idempotency-Key.")
            .RequireScope(ApiKeyScopes.CallsWrite).WithApiConventions(ApiShape.Body)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}/stream", WebCallStream.ConnectAsync).WithName("StreamWebCall")
            .WithSummary("The web call's WebSocket (authenticated by ?access_token=, not an API key).")
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    private static async Task<Results<Created<WebCallResponse>, ProblemHttpResult>> Create(
        CreateWebCallRequest request, HttpContext http, SwitchboardDbContext db, TenantContext tenant, CallRegistry registry,
        WebCallTokens tokens, IdempotentRequests idempotency, CancellationToken ct)
    {
        var header = http.Request.Headers[IdempotentRequests.HeaderName];
        if (header.Count > 1) return ApiProblems.Validation(IdempotentRequests.HeaderName, "Send one Idempotency-Key header.");
        var key = StringValues.IsNullOrEmpty(header) ? (header.Count == 1 ? "" : null) : header.ToString();
        if (IdempotentRequests.Validate(key) is { } badKey) return ApiProblems.Validation(IdempotentRequests.HeaderName, badKey);
        var errors = Validate(request);
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var organizationId = tenant.RequireOrganizationId();
        ProblemHttpResult? refused = null;
        var outcome = await idempotency.RunAsync(key, CreateEndpoint, request, async token =>
        {
            var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AgentId, token);
            if (agent is null)
            {
                refused = ApiProblems.Validation("agent_id", "No agent with that id.");
                return null;
            }
            var version = request.AgentVersion ?? agent.PublishedVersion ?? agent.LatestVersion;
            if (!await db.AgentVersions.AnyAsync(v => v.AgentId == agent.Id && v.Version == version, token))
            {
                refused = ApiProblems.Validation("agent_version", $"The agent has no version {version}.");
                return null;
            }
            var callId = await registry.RegisterAsync(organizationId, new CallRegistration(agent.Id, version, "web", null, null,
                request.Metadata, request.DynamicVariables), token);
            var issued = tokens.Issue(callId, organizationId);
            return new WebCallResponse(callId, issued.AccessToken, issued.ExpiresAt, StreamUrl(http.Request, callId));
        }, ct);

        if (outcome.Conflict is { } conflict)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key conflict", detail: conflict,
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.IdempotencyConflict });
        }
        if (outcome.Value is not { } response) return refused!;
        if (outcome.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/v1/calls/{response.CallId}", response);
    }

    private static Dictionary<string, string[]> Validate(CreateWebCallRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.AgentId)) errors["agent_id"] = ["agent_id is required."];
        else if (request.AgentId.Length > 64) errors["agent_id"] = ["No agent with that id."];
        if (request.AgentVersion is < 1) errors["agent_version"] = ["agent_version must be 1 or more."];
        if (request.DynamicVariables is { } variables)
        {
            if (variables.Count > MaxVariables) errors["dynamic_variables"] = [$"At most {MaxVariables} dynamic variables."];
            foreach (var (name, value) in variables)
            {
                if (string.IsNullOrWhiteSpace(name) || name.Length > MaxVariableName)
                    errors["dynamic_variables"] = [$"Variable names must be 1 to {MaxVariableName} characters."];
                else if (value is null || value.Length > MaxVariableValue)
                    errors[$"dynamic_variables.{name}"] = [$"Values must be strings of at most {MaxVariableValue} characters."];
            }
        }
        if (request.Metadata is { } metadata)
        {
            if (metadata.ValueKind != JsonValueKind.Object) errors["metadata"] = ["metadata must be a JSON object."];
            else if (metadata.GetRawText().Length > MaxMetadataBytes) errors["metadata"] = [$"metadata must be at most {MaxMetadataBytes} bytes."];
        }
        return errors;
    }

    /// <summary>The stream's absolute WebSocket URL, as the client reached this server.</summary>
    private static string StreamUrl(HttpRequest request, string callId)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        return $"{scheme}://{request.Host}{request.PathBase}/api/v1/calls/{callId}/stream";
    }
}
