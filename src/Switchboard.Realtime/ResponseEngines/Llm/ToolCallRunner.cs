using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// Runs the model's tool calls for one call: journal first, then the registry, on the call's lifetime token (never a
/// response's: an interruption must not kill a tool midway). Never throws: every failure becomes an error result the
/// model can read.
/// </summary>
/// <remarks>Thread-safe as far as the registry and journal are; owned by one engine.</remarks>
internal sealed class ToolCallRunner(CallContext call, IToolRegistry tools, IToolCallJournal journal, CancellationToken callLifetime)
{
    /// <summary>
    /// Starts a tool call. <c>Begun</c> completes once the journal has recorded it (true: the journal already held its
    /// result, so it is not run again); <c>Outcome</c> when it has finished.
    /// </summary>
    public (ToolInvocation Invocation, Task<bool> Begun, Task<ToolOutcome> Outcome) Start(FunctionCallContent functionCall)
    {
        var invocation = InvocationOf(functionCall);
        var begun = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = functionCall.Exception is null
            ? RunAsync(invocation, begun)
            : Unparseable(invocation, functionCall.Exception, begun);
        return (invocation, begun.Task, outcome);
    }

    /// <summary>The outcome of a call that never started because the caller interrupted first.</summary>
    public ToolOutcome NotRun(FunctionCallContent functionCall) =>
        new(InvocationOf(functionCall), ToolResult.Error("Not run: the caller interrupted before this tool call started."), TimeSpan.Zero, Replayed: false);

    private ToolInvocation InvocationOf(FunctionCallContent functionCall) =>
        new(call, call.CallId + ":" + functionCall.CallId, functionCall.Name,
            JsonSerializer.SerializeToElement(functionCall.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions));

    private async Task<ToolOutcome> RunAsync(ToolInvocation invocation, TaskCompletionSource<bool> begun)
    {
        var started = call.Time.GetTimestamp();
        try
        {
            var stored = await journal.BeginAsync(invocation, callLifetime);
            if (stored is not null)
            {
                begun.TrySetResult(true);
                return new ToolOutcome(invocation, stored, TimeSpan.Zero, Replayed: true);
            }
        }
        catch (Exception ex)
        {
            begun.TrySetResult(false);
            return new ToolOutcome(invocation, ToolResult.Error($"The tool call could not be recorded, so it did not run ({ex.Message})."),
                TimeSpan.Zero, Replayed: false);
        }

        begun.TrySetResult(false);
        ToolResult result;
        try
        {
            result = await tools.InvokeAsync(invocation, callLifetime);
        }
        catch (OperationCanceledException) when (callLifetime.IsCancellationRequested)
        {
            result = ToolResult.Error("The call ended before the tool finished.");
        }
        catch (Exception ex)
        {
            result = ToolResult.Error($"Tool '{invocation.Name}' failed: {ex.Message}");
        }

        var elapsed = call.Time.GetElapsedTime(started);
        try
        {
            // Not the lifetime token: a result that exists should be stored even as the call ends, or a replay re-runs it.
            await journal.CompleteAsync(invocation, result, elapsed, CancellationToken.None);
        }
        catch (Exception)
        {
            // The model still gets the result; a journal that cannot store it can only cost a re-run on replay.
        }
        return new ToolOutcome(invocation, result, elapsed, Replayed: false);
    }

    private static Task<ToolOutcome> Unparseable(ToolInvocation invocation, Exception error, TaskCompletionSource<bool> begun)
    {
        begun.TrySetResult(false);
        var result = ToolResult.Error($"The arguments for '{invocation.Name}' were not valid JSON ({error.Message}); call it again with a JSON object.");
        return Task.FromResult(new ToolOutcome(invocation, result, TimeSpan.Zero, Replayed: false));
    }
}
