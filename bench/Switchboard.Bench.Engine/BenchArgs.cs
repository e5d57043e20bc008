namespace Switchboard.Bench.Engine;

/// <summary>Command line: a mode, then <c>--name value</c> pairs.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(string[] args)
    {
        Mode = args.Length > 0 ? args[0] : "";
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.", nameof(args));
            _values[args[i][2..]] = args[++i];
        }
    }

    public string Mode { get; }

    public int Int(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text)) return fallback;
        if (!int.TryParse(text, out var value) || value < 0) throw new ArgumentException($"--{name} must be a non-negative integer, got '{text}'.");
        return value;
    }

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);
}
