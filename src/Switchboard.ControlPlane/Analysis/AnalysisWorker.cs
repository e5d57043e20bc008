using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ControlPlane.Agents;
using Switchboard.ControlPlane.Calls;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Webhooks;
using Switchboard.ControlPlane.Webhooks.Events;
using Switchboard.Realtime.ResponseEngines.Llm;
using Switchboard.Realtime.Sessions;

namespace Switchboard.ControlPlane.Analysis;

/// <summary>
/// Owns the analysis loop: claim a bounded batch of due jobs (<see cref="AnalysisClaimer"/>), run each with its agent's
/// LLM, store the result — and, in the same save, the <c>call.analyzed</c> webhook event — or schedule the retry.
/// Wakes every poll interval; runs the next round at once while rounds find work.
/// </summary>
internal sealed partial class AnalysisWorker(
    IServiceScopeFactory scopes, WebhookOutbox outbox, TimeProvider time, IOptions<AnalysisOptions> options, IOptions<LlmOptions> llm,
    ILoggerFactory loggerFactory, ILogger<AnalysisWorker> logger) : BackgroundService
{
    /// <summary>Providers that run locally and need no key; every other provider without a key is skipped.</summary>
    private static readonly HashSet<string> KeylessProviders = new(StringComparer.Ordinal) { "ollama", "llama_cpp", "openai_compatible" };

    private readonly AnalysisOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.WorkerEnabled) return;
        // Let the host finish starting (and migrations run) before the first query.
        await Task.Yield();
        var released = false;
        var poll = TimeSpan.FromMilliseconds(Math.Max(10, _options.PollIntervalMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                if (!released)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await AnalysisClaimer.ReleaseAllAsync(scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>(), stoppingToken);
                    released = true;
                }
                claimed = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
            }
            if (claimed > 0) continue;
            try
            {
                await Task.Delay(poll, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: claims due jobs and runs them one after another. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<string> ids;
        await using (var claimScope = scopes.CreateAsyncScope())
        {
            var claimDb = claimScope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
            ids = await AnalysisClaimer.ClaimAsync(claimDb, time.GetUtcNow(), TimeSpan.FromSeconds(Math.Max(1, _options.LeaseSeconds)),
                Math.Max(1, _options.BatchSize), ct);
        }
        foreach (var id in ids)
        {
            try
            {
                await RunJobAsync(id, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                LogRestarted(logger, id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The lease runs out and the job is claimed again; one bad job must not stop the batch.
                LogJobFailed(logger, ex, id);
            }
        }
        return ids.Count;
    }

    private async Task RunJobAsync(string callId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>();
        var job = await db.CallAnalyses.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.CallId == callId, ct);
        if (job is null || job.Status != CallAnalysisStatuses.Pending) return;
        var call = await db.Calls.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return;

        var configJson = await db.AgentVersions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.OrganizationId == call.OrganizationId && v.AgentId == call.AgentId && v.Version == call.AgentVersion)
            .Select(v => v.Config)
            .FirstOrDefaultAsync(ct);
        if (configJson is null)
        {
            await FinishAsync(db, job, CallAnalysisStatuses.Skipped, $"Version {call.AgentVersion} of agent {call.AgentId} no longer exists.", ct);
            return;
        }
        var config = AgentEndpoints.Deserialize(configJson);
        var fields = config.PostCallAnalysis ?? [];

        var events = await db.CallEvents.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.OrganizationId == call.OrganizationId && e.CallId == callId && e.Type == CallEventTypes.Utterance)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var utterances = CallTranscript.Build(events).Transcript.Where(u => !string.IsNullOrWhiteSpace(u.Text)).ToList();
        if (utterances.Count == 0)
        {
            // Nothing was said: there is nothing for a model to read, so none is asked.
            await CompleteAsync(db, job, call, null, AnalysisSchema.Empty(fields), ct);
            return;
        }

        var engine = config.ResponseEngine?.Type;
        if (engine != "llm")
        {
            await FinishAsync(db, job, CallAnalysisStatuses.Skipped,
                $"The agent's response engine is '{engine}', which has no LLM to analyse the call with.", ct);
            return;
        }
        LlmSettings settings;
        try
        {
            settings = AgentDefinitionMapper.Map(call.AgentId, call.AgentVersion, config, llm.Value).Llm!;
        }
        catch (ArgumentException ex)
        {
            await FinishAsync(db, job, CallAnalysisStatuses.Failed, ex.Message, ct);
            return;
        }
        var provider = config.ResponseEngine!.Provider ?? "openai";
        if (string.IsNullOrEmpty(settings.ApiKey) && !KeylessProviders.Contains(provider))
        {
            await FinishAsync(db, job, CallAnalysisStatuses.Skipped,
                $"No API key is configured for LLM provider '{provider}' (Llm:Providers:{provider}:ApiKey or its environment variable).", ct);
            return;
        }

        job.Attempts++;
        string summary, values;
        try
        {
            (summary, values) = await AskAsync(settings, fields, utterances, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailAttemptAsync(db, job, ex, ct);
            return;
        }
        await CompleteAsync(db, job, call, summary, values, ct);
    }

    private async Task<(string Summary, string Fields)> AskAsync(LlmSettings settings, IReadOnlyList<PostCallAnalysisField> fields,
        IReadOnlyList<TranscriptEntry> utterances, CancellationToken ct)
    {
        var schema = AnalysisSchema.Build(fields);
        using var client = LlmClientFactory.Create(settings, loggerFactory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, _options.RequestTimeoutSeconds)), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var chatOptions = new ChatOptions
        {
            // Analysis wants the most likely reading, not variety.
            Temperature = 0,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "call_analysis", "The analysis of a finished call."),
        };
        try
        {
            var response = await client.GetResponseAsync(
                AnalysisPrompt.Messages(fields, schema, utterances, Math.Max(1000, _options.MaxTranscriptChars)), chatOptions, linked.Token);
            return AnalysisSchema.Read(response.Text, fields);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The model did not answer within {_options.RequestTimeoutSeconds} s.");
        }
    }

    private async Task FailAttemptAsync(SwitchboardDbContext db, CallAnalysis job, Exception ex, CancellationToken ct)
    {
        var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
        LogAttemptFailed(logger, job.CallId, job.Attempts, ex.GetType().Name);
        if (job.Attempts >= Math.Max(1, _options.MaxAttempts))
        {
            await FinishAsync(db, job, CallAnalysisStatuses.Failed, $"Gave up after {job.Attempts} attempts; the last: {error}", ct);
            return;
        }
        job.Error = error;
        job.NextAttemptAt = time.GetUtcNow() + RetryDelay(job.Attempts);
        job.ClaimedUntil = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>30 s, 2 min, 8 min, 32 min, ... by default: a provider outage gets time to pass.</summary>
    internal TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Max(1, _options.FirstRetrySeconds) * Math.Pow(4, Math.Clamp(attempts - 1, 0, 8)));

    private async Task FinishAsync(SwitchboardDbContext db, CallAnalysis job, string status, string error, CancellationToken ct)
    {
        job.Status = status;
        job.Error = error.Length > 2000 ? error[..2000] : error;
        job.ClaimedUntil = null;
        job.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The result and its <c>call.analyzed</c> event are committed by one save: both or neither.</summary>
    private async Task CompleteAsync(SwitchboardDbContext db, CallAnalysis job, Call call, string? summary, string fields, CancellationToken ct)
    {
        job.Status = CallAnalysisStatuses.Completed;
        job.Summary = summary;
        job.Fields = fields;
        job.Error = null;
        job.ClaimedUntil = null;
        job.CompletedAt = time.GetUtcNow();
        await outbox.EnqueueForOrganizationAsync(db, call.OrganizationId, WebhookEventTypes.CallAnalyzed,
            new CallAnalyzedData(call.Id, call.AgentId, summary, JsonSerializer.Deserialize<JsonElement>(fields)), call.AgentId, ct);
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The analysis loop failed; it goes on after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Analysing call {CallId} failed unexpectedly; it is claimed again when its lease ends")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis of call {CallId} was re-run (or its call deleted) while it ran; this run's result is dropped")]
    private static partial void LogRestarted(ILogger logger, string callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis of call {CallId}: attempt {Attempt} failed ({ErrorType})")]
    private static partial void LogAttemptFailed(ILogger logger, string callId, int attempt, string errorType);
}
