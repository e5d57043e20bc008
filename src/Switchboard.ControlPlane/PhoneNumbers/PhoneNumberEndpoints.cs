using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.PhoneNumbers;

internal static class PhoneNumberEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/phone-numbers").WithTags("Phone numbers");

        group.MapPost("", Create).WithName("CreatePhoneNumber")
            .WithSummary("Add a number (E.164 or a SIP user part) with its inbound agents; 409 number_taken when the server already has it.")
            .RequireScope(ApiKeyScopes.PhoneNumbersWrite).WithApiConventions(ApiShape.Body)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", List).WithName("ListPhoneNumbers")
            .WithSummary("List phone numbers, newest first.")
            .RequireScope(ApiKeyScopes.PhoneNumbersRead).WithApiConventions(ApiShape.List);
        group.MapGet("/{id}", Get).WithName("GetPhoneNumber")
            .WithSummary("Get a phone number.")
            .RequireScope(ApiKeyScopes.PhoneNumbersRead).WithApiConventions(ApiShape.Id);
        group.MapPatch("/{id}", Update).WithName("UpdatePhoneNumber")
            .WithSummary("Change a phone number (JSON merge patch, RFC 7396; inbound_agents and outbound_allowed_countries are replaced whole).")
            .RequireScope(ApiKeyScopes.PhoneNumbersWrite).WithApiConventions(ApiShape.Id | ApiShape.Body)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id}", Delete).WithName("DeletePhoneNumber")
            .WithSummary("Release a phone number; calls to it are then refused.")
            .RequireScope(ApiKeyScopes.PhoneNumbersWrite).WithApiConventions(ApiShape.Id);
    }

    private static async Task<Results<Created<PhoneNumberResponse>, ProblemHttpResult>> Create(
        PhoneNumberRequest request, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        request = PhoneNumberValidator.WithDefaults(request);
        if (await CheckAsync(db, request, null, ct) is { } problem) return problem;

        var now = time.GetUtcNow();
        var number = new PhoneNumber { Id = Ids.New(PhoneNumberIds.PhoneNumber), Number = request.Number!, CreatedAt = now };
        Apply(number, request, now);
        db.PhoneNumbers.Add(number);
        audit.Record("phone_numbers.create", "phone_number", number.Id);
        if (await SaveAsync(db, number.Number, ct) is { } taken) return taken;
        return TypedResults.Created($"/api/v1/phone-numbers/{number.Id}", PhoneNumberResponse.From(number));
    }

    private static Task<Results<Ok<Page<PhoneNumberResponse>>, ProblemHttpResult>> List(
        SwitchboardDbContext db, int? limit, string? after, CancellationToken ct) =>
        Paging.PageAsync(db.PhoneNumbers.AsNoTracking(), limit, after, PhoneNumberResponse.From, ct);

    private static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> Get(string id, SwitchboardDbContext db, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return number is null ? ApiProblems.NotFound("phone number") : TypedResults.Ok(PhoneNumberResponse.From(number));
    }

    private static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> Update(
        string id, JsonElement patch, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (patch.ValueKind != JsonValueKind.Object)
            return ApiProblems.Validation("$", "The body must be a JSON object (a merge patch of the phone number).");

        var number = await db.PhoneNumbers.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (number is null) return ApiProblems.NotFound("phone number");

        var current = JsonSerializer.SerializeToNode(new PhoneNumberRequest
        {
            Number = number.Number,
            Nickname = number.Nickname,
            SipTrunkId = number.SipTrunkId,
            InboundAgents = PhoneNumberResponse.ReadAgents(number.InboundAgents),
            InboundIvrMenuId = number.InboundIvrMenuId,
            InboundWebhookUrl = number.InboundWebhookUrl,
            OutboundAllowedCountries = PhoneNumberResponse.ReadCountries(number.OutboundAllowedCountries),
        }, JsonDefaults.Options)!.AsObject();
        var (merged, problem) = MergePatchRequest.Apply<PhoneNumberRequest>(current, JsonNode.Parse(patch.GetRawText()));
        if (problem is not null) return problem;
        var request = PhoneNumberValidator.WithDefaults(merged!);
        if (await CheckAsync(db, request, number.Id, ct) is { } invalid) return invalid;

        var now = time.GetUtcNow();
        number.Number = request.Number!;
        Apply(number, request, now);
        audit.Record("phone_numbers.update", "phone_number", number.Id);
        if (await SaveAsync(db, number.Number, ct) is { } taken) return taken;
        return TypedResults.Ok(PhoneNumberResponse.From(number));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, SwitchboardDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (number is null) return ApiProblems.NotFound("phone number");
        // Removed, not soft-deleted: the number must be free for anyone to add again at once.
        db.PhoneNumbers.Remove(number);
        audit.Record("phone_numbers.delete", "phone_number", number.Id);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Shape (400), then references (422), then uniqueness (409): the order a client fixes them in.</summary>
    private static async Task<ProblemHttpResult?> CheckAsync(SwitchboardDbContext db, PhoneNumberRequest request, string? exceptId, CancellationToken ct)
    {
        var errors = PhoneNumberValidator.Validate(request);
        if (errors.Count > 0) return ApiProblems.Validation(errors);
        if (await PhoneNumberReferences.CheckAsync(db, request, ct) is { } missing) return ApiProblems.Unprocessable(missing);
        if (await PhoneNumberReferences.IsTakenAsync(db, request.Number!, exceptId, ct)) return PhoneNumberReferences.Taken(request.Number!);
        return null;
    }

    /// <summary>Saves; a concurrent writer that took the same number first turns into the same 409 as the check.</summary>
    private static async Task<ProblemHttpResult?> SaveAsync(SwitchboardDbContext db, string number, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            return PhoneNumberReferences.Taken(number);
        }
    }

    private static void Apply(PhoneNumber number, PhoneNumberRequest request, DateTimeOffset now)
    {
        number.Nickname = string.IsNullOrEmpty(request.Nickname) ? null : request.Nickname;
        number.SipTrunkId = request.SipTrunkId;
        number.InboundAgents = JsonSerializer.Serialize(request.InboundAgents ?? [], JsonDefaults.Options);
        number.InboundIvrMenuId = request.InboundIvrMenuId;
        number.InboundWebhookUrl = request.InboundWebhookUrl;
        number.OutboundAllowedCountries = JsonSerializer.Serialize(request.OutboundAllowedCountries ?? [], JsonDefaults.Options);
        number.UpdatedAt = now;
    }
}
