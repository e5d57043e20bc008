using System.ComponentModel.DataAnnotations;

namespace Switchboard.ControlPlane;

/// <summary>The control plane's settings, section <c>Switchboard</c>; validated at start.</summary>
public sealed class SwitchboardOptions
{
    public const string Section = "Switchboard";

    /// <summary>Where the SQLite database and the generated pepper live, relative to the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Server-side secret mixed into every API key hash. Generated into the data directory when empty.</summary>
    public string? ApiKeyPepper { get; set; }

    /// <summary>Apply pending migrations when the server starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public RateLimitOptions RateLimits { get; set; } = new();
}
