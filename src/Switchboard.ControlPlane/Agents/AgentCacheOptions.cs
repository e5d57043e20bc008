using System.ComponentModel.DataAnnotations;

namespace Switchboard.ControlPlane.Agents;

/// <summary>Bounds of the in-process agent read cache (<c>Switchboard:AgentCache</c>). Plain options, bound and
/// validated once at startup; not meant to be changed afterwards.</summary>
public sealed class AgentCacheOptions
{
    public const string Section = "Switchboard:AgentCache";

    /// <summary>False turns the cache off: every read goes to the database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Agents held at most; past it, arbitrary entries are evicted.</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Response bytes held at most, over all entries.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;
}
