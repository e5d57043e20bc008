namespace Switchboard.ControlPlane.Common;

/// <summary>Prefixed random identifiers (ARCHITECTURE.md §4): the prefix tells a reader what an id names.</summary>
internal static class Ids
{
    public const string Organization = "org";
    public const string ApiKey = "key";
    public const string Agent = "agent";
    public const string Audit = "audit";
    public const string IvrMenu = "ivr";
    public const string IvrSession = "ivrs";
    public const string Function = "fn";
    public const string FunctionExecution = "fnx";
    public const string Table = "tbl";
    public const string Call = "call";
    public const string Secret = "sec";

    public static string New(string prefix) => prefix + "_" + Base62.Random(24);

    public static bool HasPrefix(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 25 && id.StartsWith(prefix + "_", StringComparison.Ordinal);
}
