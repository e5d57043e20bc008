using System.Text.Json;
using Microsoft.Extensions.AI;
using Switchboard.Realtime.Tools;

namespace Switchboard.Realtime.ResponseEngines.Llm;

/// <summary>
/// A registry tool as the chat client sees it: declaration only (the engine runs tools itself), with optional
/// provider hints such as Anthropic's <c>CacheControl</c> in <see cref="AdditionalProperties"/>.
/// </summary>
internal sealed class ToolDeclaration(ToolDefinition definition, IReadOnlyDictionary<string, object?>? additionalProperties = null)
    : AIFunctionDeclaration
{
    private readonly IReadOnlyDictionary<string, object?> _additionalProperties =
        additionalProperties ?? new Dictionary<string, object?>();

    public override string Name => definition.Name;

    public override string Description => definition.Description;

    public override JsonElement JsonSchema => definition.ParametersSchema;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties => _additionalProperties;
}
