using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Switchboard.ControlPlane.Common;
using Switchboard.ControlPlane.Data;
using Switchboard.ControlPlane.Functions.Builtins;
using Switchboard.ControlPlane.Functions.Http;
using Switchboard.ControlPlane.Http;
using Switchboard.ControlPlane.Tenancy;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// Runs one function for one organization: loads the definition (newest version unless one is named),
/// validates the arguments against its schema before anything runs, enforces the per-function timeout and
/// the 1 MB result cap, and logs the execution with secrets and PII masked. Built-ins run in process; HTTP functions
/// go through <see cref="HttpFunctionRunner"/>. Secret values an HTTP function used are masked in everything this
/// returns and logs. Every failure comes back as a <see cref="FunctionError"/> the LLM can read; only cancellation
/// by the caller throws.
/// Scoped (it shares the scope's database context); not thread-safe: one execution at a time per scope.
/// </summary>
internal sealed partial class FunctionExecutor(
    SwitchboardDbContext db, TenantContext tenant, BuiltinCatalog catalog, HttpFunctionRunner http, TimeProvider time,
    ILogger<FunctionExecutor> logger)
{
    public const int MaxResultBytes = 1024 * 1024;

    /// <summary>Results are logged up to this many characters; callers always get the whole result.</summary>
    public const int MaxLoggedResultChars = 64 * 1024;

    /// <summary>How long a timed-out body that ignores cancellation may keep the scope's context busy.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(5);

    /// <param name="organizationId">The tenant; must match the scope's verified tenant when it has one.</param>
    /// <param name="functionIdOrName">A <c>fn_…</c> id or the function's name.</param>
    /// <param name="arguments">The arguments as the LLM produced them (any JSON; non-objects are refused as a tool error).</param>
    /// <param name="callId">The call this runs for, when there is one; stored with the execution.</param>
    /// <param name="version">A specific version; the newest when null.</param>
    /// <param name="dynamicVariables">The call's dynamic variables, for <c>{{name}}</c> placeholders of HTTP functions
    /// that are not declared arguments; null outside a call.</param>
    /// <param name="cancellationToken">Cancels the run (the call ended); the timeout is separate.</param>
    public async Task<FunctionExecutionResult> ExecuteAsync(
        string organizationId, string functionIdOrName, JsonElement arguments, string? callId = null, int? version = null,
        IReadOnlyDictionary<string, string>? dynamicVariables = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(organizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(functionIdOrName);
        if (callId is { Length: > 80 }) throw new ArgumentException("callId must be at most 80 characters.", nameof(callId));
        if (version is < 1) throw new ArgumentOutOfRangeException(nameof(version), version, "version starts at 1.");
        if (tenant.OrganizationId is null) tenant.Set(organizationId, apiKeyId: "");
        else if (tenant.OrganizationId != organizationId)
            throw new ArgumentException("organizationId is not the tenant of this scope.", nameof(organizationId));

        var start = time.GetTimestamp();
        var function = await db.Functions.AsNoTracking()
            .Where(f => f.Id == functionIdOrName || f.Name == functionIdOrName)
            .FirstOrDefaultAsync(cancellationToken);
        var wanted = version ?? function?.LatestVersion;
        var config = function is null ? null : await db.FunctionVersions.AsNoTracking()
            .Where(v => v.FunctionId == function.Id && v.Version == wanted)
            .Select(v => v.Config)
            .FirstOrDefaultAsync(cancellationToken);
        if (function is null || config is null)
        {
            var what = function is null ? $"No function '{functionIdOrName}' exists." : $"Function '{functionIdOrName}' has no version {wanted}.";
            return new FunctionExecutionResult(null, function?.Id, wanted, FunctionExecutionStatus.Failed,
                null, new FunctionError(FunctionErrorCodes.FunctionNotFound, what), time.GetElapsedTime(start).TotalMilliseconds);
        }

        var definition = JsonSerializer.Deserialize<FunctionConfig>(config, JsonDefaults.Options)!;
        var revealed = new List<string>();
        var (status, result, error) = await RunAsync(definition, arguments, callId, organizationId, dynamicVariables, revealed, cancellationToken);
        var latency = time.GetElapsedTime(start).TotalMilliseconds;
        if (revealed.Count > 0)
        {
            // A server may echo what it was sent; the model and the log must not see a secret either way.
            result = SensitiveDataMasker.MaskLiterals(result, revealed);
            if (error is not null) error = error with { Message = SensitiveDataMasker.MaskLiterals(error.Message, revealed) };
        }

        var execution = Log(function.Id, wanted!.Value, definition, arguments, callId, status, result, error, latency, revealed);
        await db.SaveChangesAsync(cancellationToken);
        Finished(logger, function.Id, wanted.Value, status, latency);

        JsonElement? resultElement = result is null ? null : JsonSerializer.SerializeToElement(result);
        return new FunctionExecutionResult(execution.Id, function.Id, wanted, status, resultElement, error, latency);
    }

    private async Task<(string Status, JsonNode? Result, FunctionError? Error)> RunAsync(
        FunctionConfig definition, JsonElement arguments, string? callId, string organizationId,
        IReadOnlyDictionary<string, string>? variables, ICollection<string> revealed, CancellationToken ct)
    {
        var schema = await FunctionSchemaChecker.CompileAsync(definition.Parameters!.Value.GetRawText());
        var problems = ArgumentValidator.Validate(schema, arguments);
        if (problems.Count > 0)
        {
            var listing = string.Join(" ", problems.Select(p => (p.Path.Length == 0 ? "(arguments)" : p.Path) + ": " + p.Message));
            return (FunctionExecutionStatus.InvalidArguments, null, new FunctionError(FunctionErrorCodes.InvalidArguments,
                "The arguments do not match the function's parameters; fix them and call again. " + listing, problems));
        }

        Func<CancellationToken, Task<JsonNode?>> body;
        string name;
        if (definition.Kind == FunctionKinds.Http)
        {
            var settings = HttpSettingsParser.Parse(definition.Http, static (_, _) => { });
            if (settings is null)
            {
                // Versions saved before the settings were checked in full may not parse; saving again names the problem.
                return (FunctionExecutionStatus.Failed, null, new FunctionError(FunctionErrorCodes.InvalidSettings,
                    "This function's http settings are not valid; update the function to see which field is wrong."));
            }
            var call = new HttpFunctionCall(organizationId, settings, DeclaredArguments(definition.Parameters), arguments, variables, revealed);
            body = async token => await http.RunAsync(call, token);
            name = definition.Name ?? "(http)";
        }
        else
        {
            if (!catalog.TryGet(definition.Builtin ?? "", out var builtin))
                return (FunctionExecutionStatus.Failed, null, new FunctionError(FunctionErrorCodes.NotAvailable, $"The builtin '{definition.Builtin}' is not available on this server."));
            if (!builtin.RunsOnServer)
            {
                return (FunctionExecutionStatus.Failed, null, new FunctionError(FunctionErrorCodes.OnlyDuringCall,
                    $"'{builtin.Name}' acts on a live call and is only available during a call; the call engine runs it."));
            }
            body = token => builtin.RunAsync(new BuiltinInvocation(organizationId, arguments, callId, db), token);
            name = builtin.Name;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(definition.TimeoutMs ?? FunctionValidator.DefaultTimeoutMs), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        Task<JsonNode?>? task = null;
        JsonNode? result;
        try
        {
            // Inside the try: a body may throw before its first await.
            task = body(linked.Token);
            result = await task.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            if (task is not null) await LetGoAsync(task);
            return (FunctionExecutionStatus.TimedOut, null, new FunctionError(FunctionErrorCodes.Timeout,
                $"The function did not finish within its timeout of {definition.TimeoutMs} ms."));
        }
        catch (FunctionFailedException ex)
        {
            return (FunctionExecutionStatus.Failed, null, new FunctionError(ex.Code, ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Crashed(logger, name, ex);
            return (FunctionExecutionStatus.Failed, null, new FunctionError(FunctionErrorCodes.ExecutionFailed, "The function failed unexpectedly."));
        }

        var bytes = result is null ? 4 : Encoding.UTF8.GetByteCount(result.ToJsonString());
        if (bytes > MaxResultBytes)
        {
            return (FunctionExecutionStatus.Failed, null, new FunctionError(FunctionErrorCodes.ResultTooLarge,
                $"The result is {bytes} bytes; the limit is {MaxResultBytes} bytes (1 MB). Ask for less (filters, a lower limit)."));
        }
        return (FunctionExecutionStatus.Succeeded, result, null);
    }

    // A body that ignores its token may still be using the scope's context; the log write must not race it.
    private async Task LetGoAsync(Task task)
    {
        try
        {
            await task.WaitAsync(AbandonGrace, time);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or FunctionFailedException)
        {
        }
        catch (Exception ex)
        {
            Crashed(logger, "(timed out)", ex);
        }
    }

    private static HashSet<string> DeclaredArguments(JsonElement? schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject()) names.Add(property.Name);
        }
        return names;
    }

    private FunctionExecution Log(string functionId, int version, FunctionConfig definition, JsonElement arguments, string? callId,
        string status, JsonNode? result, FunctionError? error, double latency, IReadOnlyCollection<string> revealed)
    {
        var pii = definition.PiiFields ?? [];
        var argumentNode = SensitiveDataMasker.MaskLiterals(JsonNode.Parse(arguments.GetRawText()), revealed);
        var maskedArguments = SensitiveDataMasker.Apply(argumentNode, pii)?.ToJsonString() ?? "null";
        if (maskedArguments.Length > MaxLoggedResultChars) maskedArguments = JsonSerializer.Serialize(new { truncated = maskedArguments[..1000] });
        string? maskedResult = null;
        var truncated = false;
        if (result is not null)
        {
            maskedResult = SensitiveDataMasker.Apply(result, pii)?.ToJsonString();
            if (maskedResult is { Length: > MaxLoggedResultChars })
            {
                maskedResult = JsonSerializer.Serialize(maskedResult[..MaxLoggedResultChars]);
                truncated = true;
            }
        }
        var message = error?.Message is { } m ? SensitiveDataMasker.MaskText(m) : null;
        var execution = new FunctionExecution
        {
            Id = Ids.New(Ids.FunctionExecution),
            FunctionId = functionId,
            FunctionVersion = version,
            CallId = callId,
            Status = status,
            Arguments = maskedArguments,
            Result = maskedResult,
            ResultTruncated = truncated,
            ErrorCode = error?.Code,
            ErrorMessage = message is { Length: > 2000 } ? message[..2000] : message,
            LatencyMs = Math.Round(latency, 3),
            CreatedAt = time.GetUtcNow(),
        };
        db.FunctionExecutions.Add(execution);
        return execution;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionId} v{Version} finished: {Status} in {LatencyMs} ms")]
    private static partial void Finished(ILogger logger, string functionId, int version, string status, double latencyMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {Function} threw unexpectedly")]
    private static partial void Crashed(ILogger logger, string function, Exception exception);
}
