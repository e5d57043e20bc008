namespace Switchboard.Realtime.Tools;

/// <summary>
/// Several registries seen as one, in priority order: when two offer a tool of the same name, the earlier registry's
/// tool is listed and run and the later one is hidden. Put the built-ins first so that an organization function
/// named like a built-in (<c>end_call</c>) can never take over hanging up or transferring.
/// </summary>
/// <remarks>Thread-safe when the inner registries are.</remarks>
public sealed class CompositeToolRegistry : IToolRegistry
{
    private readonly IToolRegistry[] _registries;

    /// <exception cref="ArgumentException">No registry given, or one is null.</exception>
    public CompositeToolRegistry(params IToolRegistry[] registries)
    {
        ArgumentNullException.ThrowIfNull(registries);
        if (registries.Length == 0) throw new ArgumentException("At least one registry is required.", nameof(registries));
        if (Array.IndexOf(registries, null) >= 0) throw new ArgumentException("Registries must not be null.", nameof(registries));
        _registries = registries;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(Sessions.CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tools = new List<ToolDefinition>();
        foreach (var registry in _registries)
        {
            foreach (var tool in await registry.GetToolsAsync(call, cancellationToken))
            {
                if (names.Add(tool.Name)) tools.Add(tool);
            }
        }
        return tools;
    }

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        foreach (var registry in _registries)
        {
            foreach (var tool in await registry.GetToolsAsync(invocation.Call, cancellationToken))
            {
                if (tool.Name == invocation.Name) return await registry.InvokeAsync(invocation, cancellationToken);
            }
        }
        return ToolResult.Error($"Unknown tool '{invocation.Name}'.");
    }
}
