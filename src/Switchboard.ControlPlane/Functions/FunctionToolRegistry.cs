using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Realtime.Sessions;
using Switchboard.Realtime.Tools;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// The organization's registered functions as the call engine's tools: an agent's <c>function_ids</c> become tool
/// definitions, and a tool call runs through <see cref="FunctionExecutor"/> (schema check, timeout, size cap, masked
/// execution log) in a scope of its own. Functions that act on the live call (<c>end_call</c>, ...) are left to the
/// engine's built-ins, which come first in the composite registry.
/// </summary>
/// <remarks>Thread-safe: each operation uses its own service scope.</remarks>
internal sealed class FunctionToolRegistry(IServiceScopeFactory scopes) : IToolRegistry
{
    public async ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Agent.FunctionIds.Count == 0) return [];
        await using var scope = scopes.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<FunctionToolCatalog>();
        var tools = await catalog.GetAsync(call.OrganizationId, call.Agent.FunctionIds, cancellationToken).ConfigureAwait(false);
        return [.. tools.Where(t => t.RunsOnServer).Select(t => new ToolDefinition(t.Name, t.Description ?? t.Name, t.Parameters))];
    }

    public async ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        await using var scope = scopes.CreateAsyncScope();
        var executor = scope.ServiceProvider.GetRequiredService<FunctionExecutor>();
        var outcome = await executor.ExecuteAsync(invocation.Call.OrganizationId, invocation.Name, invocation.Arguments,
            invocation.Call.CallId, dynamicVariables: invocation.Call.Variables, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded) return new ToolResult(outcome.Result?.GetRawText() ?? "null");
        var error = outcome.Error!;
        return ToolResult.Error(JsonSerializer.Serialize(new
        {
            error = error.Code,
            message = error.Message,
            problems = error.Problems?.Select(p => new { path = p.Path, message = p.Message }),
        }));
    }
}
