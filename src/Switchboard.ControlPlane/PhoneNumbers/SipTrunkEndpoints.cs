using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.PhoneNumbers;

internal static class SipTrunkEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sip-trunks").WithTags("SIP trunks");

        group.MapPost("", Create).WithName("CreateSipTrunk")
            .WithSummary("Create a SIP trunk (a carrier connection); the password is stored encrypted and never returned.")
            .RequireScope(ApiKeyScopes.SipTrunksWrite).WithApiConventions(ApiShape.Body);
        group.MapGet("", List).WithName("ListSipTrunks")
            .WithSummary("List SIP trunks, newest first.")
            .RequireScope(ApiKeyScopes.SipTrunksRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetSipTrunk")
            .WithSummary("Get a SIP trunk.")
            .RequireScope(ApiKeyScopes.SipTrunksRead).WithApiConventions(ApiShape.Id);
        group.MapPatch("/{id}", Update).WithName("UpdateSipTrunk")
            .WithSummary("Change a SIP trunk (JSON merge patch, RFC 7396); password: a string replaces it, null removes it.")
            .RequireScope(ApiKeyScopes.SipTrunksWrite).WithApiConventions(ApiShape.Id | ApiShape.Body);
        group.MapDelete("/{id}", Delete).WithName("DeleteSipTrunk")
            .WithSummary("Delete a SIP trunk no phone number uses (409 otherwise).")
            .RequireScope(ApiKeyScopes.SipTrunksWrite).WithApiConventions(ApiShape.Id)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<SipTrunkResponse>, ProblemHttpResult>> Create(
        SipTrunkRequest request, SwitchboardDbContext db, AuditTrail audit, SecretProtector secrets, TimeProvider time, CancellationToken ct)
    {
        request = WithDefaults(request);
        var errors = SipTrunkValidator.Validate(request, request.Password is not null);
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var now = time.GetUtcNow();
        var trunk = new SipTrunk
        {
            Id = Ids.New(PhoneNumberIds.SipTrunk),
            Name = request.Name!,
            Address = request.Address!,
            Transport = request.Transport!,
            CreatedAt = now,
        };
        Apply(trunk, request, now);
        if (request.Password is { } password) trunk.PasswordProtected = secrets.Protect(password);
        db.SipTrunks.Add(trunk);
        audit.Record("sip_trunks.create", "sip_trunk", trunk.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/sip-trunks/{trunk.Id}", SipTrunkResponse.From(trunk));
    }

    private static Task<Results<Ok<Page<SipTrunkResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.SipTrunks.AsNoTracking(), limit, after, SipTrunkResponse.From, ct);

    private static async Task<Results<Ok<SipTrunkResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db,
        Telephony.TrunkRegistrations registrations, CancellationToken ct)
    {
        var trunk = await db.SipTrunks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (trunk is null) return ApiProblems.NotFound("SIP trunk");
        var status = registrations.StatusOf(trunk.Id);
        return TypedResults.Ok(SipTrunkResponse.From(trunk) with
        {
            Registration = status is null ? null : new TrunkRegistrationResponse(status.State.ToString().ToLowerInvariant(), status.StatusCode,
                status.Expires > TimeSpan.Zero ? (int)status.Expires.TotalSeconds : null),
        });
    }

    private static async Task<Results<Ok<SipTrunkResponse>, ProblemHttpResult>> Update(
        string id, JsonElement patch, SwitchboardDbContext db, AuditTrail audit, SecretProtector secrets, TimeProvider time, CancellationToken ct)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            return ApiProblems.Validation("$", "The body must be a JSON object (a merge patch of the SIP trunk).");

        var trunk = await db.SipTrunks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (trunk is null) return ApiProblems.NotFound("SIP trunk");

        // The stored password is never decrypted to build the merged document: it is handled on its own.
        var patchObject = JsonNode.Parse(patch.GetRawText())!.AsObject();
        var passwordGiven = patchObject.Remove("password", out var passwordNode);
        string? newPassword = null;
        if (passwordGiven && passwordNode is not null)
        {
            if (passwordNode.GetValueKind() != JsonValueKind.String) return ApiProblems.Validation("password", "Wrong type for this field.");
            newPassword = passwordNode.GetValue<string>();
        }

        var current = new JsonObject
        {
            ["name"] = trunk.Name,
            ["address"] = trunk.Address,
            ["transport"] = trunk.Transport,
            ["username"] = trunk.Username,
            ["register"] = trunk.Register,
            ["register_expires_seconds"] = trunk.RegisterExpiresSeconds,
            ["outbound_caller_id"] = trunk.OutboundCallerId,
            ["inbound_networks"] = new JsonArray([.. SipTrunkInboundNetworks.Split(trunk.InboundNetworks).Select(n => (JsonNode?)JsonValue.Create(n))]),
        };
        var (merged, problem) = MergePatchRequest.Apply<SipTrunkRequest>(current, patchObject);
        if (problem is not null) return problem;
        var request = WithDefaults(merged! with { Password = newPassword });
        var hasPassword = passwordGiven ? newPassword is not null : trunk.PasswordProtected is not null;
        var errors = SipTrunkValidator.Validate(request, hasPassword);
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        trunk.Name = request.Name!;
        trunk.Address = request.Address!;
        trunk.Transport = request.Transport!;
        Apply(trunk, request, time.GetUtcNow());
        if (passwordGiven) trunk.PasswordProtected = newPassword is null ? null : secrets.Protect(newPassword);
        audit.Record("sip_trunks.update", "sip_trunk", trunk.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SipTrunkResponse.From(trunk));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, SwitchboardDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var trunk = await db.SipTrunks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (trunk is null) return ApiProblems.NotFound("SIP trunk");
        var users = await db.PhoneNumbers.CountAsync(p => p.SipTrunkId == id, ct);
        if (users > 0)
            return ApiProblems.Conflict($"{users} phone number(s) use this SIP trunk; move them to another trunk (or to direct SIP) first.");
        db.SipTrunks.Remove(trunk);
        audit.Record("sip_trunks.delete", "sip_trunk", trunk.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static SipTrunkRequest WithDefaults(SipTrunkRequest r) => r with
    {
        Name = r.Name?.Trim(),
        Address = r.Address?.Trim(),
        Transport = (r.Transport ?? SipTrunkValidator.DefaultTransport).ToLowerInvariant(),
        Register = r.Register ?? false,
        RegisterExpiresSeconds = r.RegisterExpiresSeconds ?? SipTrunkValidator.DefaultRegisterExpiresSeconds,
    };

    private static void Apply(SipTrunk trunk, SipTrunkRequest request, DateTimeOffset now)
    {
        trunk.Username = request.Username;
        trunk.Register = request.Register ?? false;
        trunk.RegisterExpiresSeconds = request.RegisterExpiresSeconds ?? SipTrunkValidator.DefaultRegisterExpiresSeconds;
        trunk.OutboundCallerId = request.OutboundCallerId is { } callerId ? PhoneNumberFormat.Normalize(callerId) : null;
        trunk.InboundNetworks = SipTrunkInboundNetworks.Join(request.InboundNetworks);
        trunk.UpdatedAt = now;
    }
}
