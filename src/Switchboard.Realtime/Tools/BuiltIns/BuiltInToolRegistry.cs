namespace Switchboard.Realtime.Tools.BuiltIns;

/// <summary>
/// The engine's own tools: <c>end_call</c>, <c>transfer_call</c>, <c>press_digit</c> and <c>get_current_time</c>, in
/// that fixed order (a stable tool list keeps the provider's prompt cache warm).
/// </summary>
/// <remarks>Thread-safe and stateless; one instance can serve every call.</remarks>
public sealed class BuiltInToolRegistry : IToolRegistry
{
    /// <summary>Names of every built-in tool.</summary>
    public static IReadOnlyList<string> AllNames { get; } =
        [EndCallTool.Name, TransferCallTool.Name, PressDigitTool.Name, GetCurrentTimeTool.Name];

    private readonly IBuiltInTool[] _tools;
    private readonly IReadOnlyList<ToolDefinition> _definitions;

    /// <summary>Creates the registry with all built-ins, or only <paramref name="enabled"/> ones (names from <see cref="AllNames"/>).</summary>
    /// <exception cref="ArgumentException">A name in <paramref name="enabled"/> is not a built-in tool.</exception>
    public BuiltInToolRegistry(IEnumerable<string>? enabled = null)
    {
        IBuiltInTool[] all = [new EndCallTool(), new TransferCallTool(), new PressDigitTool(), new GetCurrentTimeTool()];
        if (enabled is null)
        {
            _tools = all;
        }
        else
        {
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in enabled)
            {
                if (!AllNames.Contains(name))
                    throw new ArgumentException($"'{name}' is not a built-in tool; built-ins are: {string.Join(", ", AllNames)}.", nameof(enabled));
                wanted.Add(name);
            }
            _tools = Array.FindAll(all, t => wanted.Contains(t.Definition.Name));
        }
        _definitions = Array.ConvertAll(_tools, t => t.Definition);
    }

    /// <summary>True when <paramref name="name"/> is one of this registry's tools.</summary>
    public bool Contains(string name) => Find(name) is not null;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ToolDefinition>> GetToolsAsync(Sessions.CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ValueTask.FromResult(_definitions);
    }

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        cancellationToken.ThrowIfCancellationRequested();
        return Find(invocation.Name) is { } tool
            ? tool.InvokeAsync(invocation, cancellationToken)
            : ValueTask.FromResult(ToolResult.Error($"Unknown tool '{invocation.Name}'."));
    }

    private IBuiltInTool? Find(string name) => Array.Find(_tools, t => t.Definition.Name == name);
}
