using System.Text;
using Switchboard.Sip.Messages;

namespace Switchboard.ControlPlane.Telephony;

/// <summary>
/// Turns an INVITE's <c>X-</c> headers into dynamic variables: <c>X-Customer-Id: 42</c> becomes <c>customer_id</c> = 42.
/// Bounded, because the headers come from whoever calls. Stateless.
/// </summary>
internal static class SipHeaderVariables
{
    /// <summary>Headers taken per call; later ones are ignored.</summary>
    public const int MaxVariables = 32;

    /// <summary>Longest value kept; longer values are cut.</summary>
    public const int MaxValueLength = 512;

    /// <summary>Adds the call's <c>X-</c> headers to <paramref name="variables"/> without replacing names already there (the route's own win).</summary>
    public static void AddTo(IDictionary<string, string> variables, IEnumerable<SipHeader> headers)
    {
        var taken = 0;
        foreach (var header in headers)
        {
            if (taken >= MaxVariables) return;
            if (!header.Name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || header.Name.Length == 2) continue;
            if (ToName(header.Name.AsSpan(2)) is not { } name || variables.ContainsKey(name)) continue;
            var value = header.Value.Length > MaxValueLength ? header.Value[..MaxValueLength] : header.Value;
            variables[name] = value;
            taken++;
        }
    }

    /// <summary>Lower case, dashes to underscores; null when the rest is not letters, digits, dashes and underscores.</summary>
    internal static string? ToName(ReadOnlySpan<char> rest)
    {
        if (rest.Length > 64) return null;
        var name = new StringBuilder(rest.Length);
        foreach (var c in rest)
        {
            if (char.IsAsciiLetterOrDigit(c)) name.Append(char.ToLowerInvariant(c));
            else if (c is '-' or '_') name.Append('_');
            else return null;
        }
        return name.ToString();
    }
}
