using Microsoft.EntityFrameworkCore;
using Switchboard.ControlPlane.ApiKeys;
using Switchboard.ControlPlane.Audit;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Http;

namespace Switchboard.ControlPlane.Analysis;

/// <summary><c>POST /api/v1/calls/{id}/analysis</c>: runs a finished call's post-call analysis again.</summary>
internal static class AnalysisEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/calls/{id}/analysis", Rerun).WithTags("Calls").WithName("RerunCallAnalysis")
            .WithSummary("Run a finished call's post-call analysis again (with the agent version the call ran); the result replaces the previous one.")
            .RequireScope(ApiKeyScopes.CallsWrite).WithApiConventions(ApiShape.Id)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Accepted<CallAnalysisResponse>, ProblemHttpResult>> Rerun(
        string id, SwitchboardDbContext db, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null) return ApiProblems.NotFound("call");
        if (call.Status is not (CallStatuses.Ended or CallStatuses.Error))
            return ApiProblems.Conflict($"The call is {call.Status}; it can be analysed once it has ended.");

        var now = time.GetUtcNow();
        var job = await db.CallAnalyses.FirstOrDefaultAsync(a => a.CallId == id, ct);
        if (job is null)
        {
            job = new CallAnalysis { CallId = id, CreatedAt = now };
            db.CallAnalyses.Add(job);
        }
        AnalysisQueue.Restart(job, now);
        audit.Record("calls.analyze", "call", id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("The call's analysis changed while the re-run was being requested; try again.");
        }
        return TypedResults.Accepted($"/api/v1/calls/{id}", CallAnalysisResponse.From(job));
    }
}
