using System.Text.Json.Nodes;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>
/// A function the platform ships. Implementations are singletons and must be thread-safe; the arguments they
/// get have already passed <see cref="ParametersSchema"/>.
/// </summary>
internal interface IBuiltinFunction
{
    string Name { get; }
    string Description { get; }

    /// <summary>The fixed JSON Schema of the arguments (draft 2020-12 keywords within the supported set).</summary>
    string ParametersSchema { get; }

    /// <summary>False for functions that act on a live call (end, transfer, digits): the call engine runs those.</summary>
    bool RunsOnServer { get; }

    /// <summary>Runs the function; expected failures throw <see cref="FunctionFailedException"/>.</summary>
    Task<JsonNode?> RunAsync(BuiltinInvocation invocation, CancellationToken cancellationToken);
}
