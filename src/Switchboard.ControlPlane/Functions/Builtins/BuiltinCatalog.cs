using System.Collections.Frozen;
using System.Text.Json;

namespace Switchboard.ControlPlane.Functions.Builtins;

/// <summary>The built-ins by name, with their schemas parsed once.</summary>
internal sealed class BuiltinCatalog
{
    private readonly FrozenDictionary<string, IBuiltinFunction> _byName;
    private readonly FrozenDictionary<string, JsonElement> _schemas;

    public BuiltinCatalog(IEnumerable<IBuiltinFunction> builtins)
    {
        _byName = builtins.ToFrozenDictionary(b => b.Name, StringComparer.Ordinal);
        _schemas = _byName.ToFrozenDictionary(b => b.Key, b => JsonDocument.Parse(b.Value.ParametersSchema).RootElement.Clone(), StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, out IBuiltinFunction builtin) => _byName.TryGetValue(name, out builtin!);

    public JsonElement Schema(string name) => _schemas[name];
}
