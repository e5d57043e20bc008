namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>Scopes are per resource; <c>resource:*</c> grants every action on it and <c>*</c> grants everything.</summary>
internal static class ApiKeyScopes
{
    public const string All = "*";
    public const string AgentsRead = "agents:read";
    public const string AgentsWrite = "agents:write";
    public const string CallsRead = "calls:read";
    public const string CallsWrite = "calls:write";
    public const string ApiKeysRead = "api_keys:read";
    public const string ApiKeysWrite = "api_keys:write";
    public const string AuditRead = "audit:read";
    public const string IvrRead = "ivr:read";
    public const string IvrWrite = "ivr:write";
    public const string FunctionsRead = "functions:read";
    public const string FunctionsWrite = "functions:write";
    public const string AnalyticsRead = "analytics:read";
    public const string PhoneNumbersRead = "phone_numbers:read";
    public const string PhoneNumbersWrite = "phone_numbers:write";
    public const string SipTrunksRead = "sip_trunks:read";
    public const string SipTrunksWrite = "sip_trunks:write";
    public const string SecretsRead = "secrets:read";
    public const string SecretsWrite = "secrets:write";

    /// <summary>Every scope a key may carry.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        All,
        AgentsRead, AgentsWrite, "agents:*",
        CallsRead, CallsWrite, "calls:*",
        "webhooks:read", "webhooks:write", "webhooks:*",
        "functions:read", "functions:write", "functions:*",
        IvrRead, IvrWrite, "ivr:*",
        ApiKeysRead, ApiKeysWrite, "api_keys:*",
        AuditRead,
        AnalyticsRead,
        PhoneNumbersRead, PhoneNumbersWrite, "phone_numbers:*",
        SipTrunksRead, SipTrunksWrite, "sip_trunks:*",
        SecretsRead, SecretsWrite, "secrets:*",
    };

    /// <summary>Whether one granted scope covers <paramref name="required"/> (itself, <c>*</c> or <c>resource:*</c>).</summary>
    public static bool Grants(string scope, string required)
    {
        if (scope == All || scope == required) return true;
        var colon = required.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && scope.Length == colon + 2 && scope.EndsWith(":*", StringComparison.Ordinal)
            && scope.AsSpan(0, colon).SequenceEqual(required.AsSpan(0, colon));
    }

    public static bool Grants(IEnumerable<string> granted, string required)
    {
        foreach (var scope in granted)
        {
            if (Grants(scope, required)) return true;
        }
        return false;
    }

    public static string[] Parse(string? spaceSeparated) =>
        string.IsNullOrWhiteSpace(spaceSeparated) ? [] : spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
