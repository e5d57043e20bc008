namespace Switchboard.Sip.Auth;

/// <summary>One scheme and its auth-params as read from a header value, before Digest interpretation.</summary>
/// <param name="Scheme">Authentication scheme as written ("Digest", "Basic", ...).</param>
/// <param name="Parameters">Parameters by case-insensitive name, values unquoted and unescaped.</param>
/// <param name="Token68">The token68 form some schemes use instead of parameters, or null.</param>
internal sealed record AuthChallengeParts(string Scheme, Dictionary<string, string> Parameters, string? Token68);
