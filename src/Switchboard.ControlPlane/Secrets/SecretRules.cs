using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.Secrets;

/// <summary>What a secret's name and value may be. Pure and thread-safe.</summary>
internal static partial class SecretRules
{
    public const int MaxValueBytes = 8 * 1024;
    public const int MaxSecretsPerOrganization = 500;
    public const string NamePattern = "^[A-Za-z_][A-Za-z0-9_]{0,63}$";

    public static bool IsValidName(string? name) => name is not null && Name().IsMatch(name);

    /// <summary>Null when acceptable; otherwise the message for the <c>value</c> field.</summary>
    public static string? CheckValue(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "value is required (1 byte to 8 KB of text).";
        if (Encoding.UTF8.GetByteCount(value) > MaxValueBytes) return $"value must be at most {MaxValueBytes} bytes (8 KB) of UTF-8.";
        return null;
    }

    // \z, not $: $ would also accept a name followed by a line feed.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
