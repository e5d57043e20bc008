using Switchboard.ControlPlane.Webhooks;

namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>
/// Checks the shape of a phone number request and names every bad field (a 400). Whether the trunk, agents and IVR
/// menu it names exist is <see cref="PhoneNumberReferences"/>' job (a 422).
/// </summary>
internal static class PhoneNumberValidator
{
    public const int MaxInboundAgents = 20;
    public const int MaxWeight = 10_000;
    public const int MaxCountries = 50;
    public static readonly IReadOnlyList<string> DefaultCountries = ["1"];

    /// <summary>The request with defaults applied and the number, countries and caller-typed ids tidied.</summary>
    public static PhoneNumberRequest WithDefaults(PhoneNumberRequest r) => r with
    {
        Number = PhoneNumberFormat.Normalize(r.Number) ?? r.Number,
        Nickname = r.Nickname?.Trim(),
        SipTrunkId = string.IsNullOrWhiteSpace(r.SipTrunkId) ? null : r.SipTrunkId,
        InboundAgents = r.InboundAgents?.Select(a => a is null ? null! : a with { Weight = a.Weight ?? 1 }).ToList() ?? [],
        InboundIvrMenuId = string.IsNullOrWhiteSpace(r.InboundIvrMenuId) ? null : r.InboundIvrMenuId,
        InboundWebhookUrl = string.IsNullOrWhiteSpace(r.InboundWebhookUrl) ? null : r.InboundWebhookUrl.Trim(),
        OutboundAllowedCountries = (r.OutboundAllowedCountries ?? [.. DefaultCountries])
            .Select(c => c?.Trim().TrimStart('+')!).Distinct(StringComparer.Ordinal).ToList(),
    };

    public static Dictionary<string, string[]> Validate(PhoneNumberRequest r)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(r.Number)) Add("number", "number is required: E.164 like +15550100, or a SIP user part like 1000.");
        else if (PhoneNumberFormat.Normalize(r.Number) is null)
            Add("number", "number must be E.164 (+ then up to 15 digits, e.g. +15550100) or a SIP user part of 1 to 64 letters, digits, '.', '_' or '-'.");
        if (r.Nickname is { Length: > 200 }) Add("nickname", "nickname must be at most 200 characters.");
        if (r.SipTrunkId is { Length: > 40 }) Add("sip_trunk_id", "sip_trunk_id is not a SIP trunk id (trunk_…).");
        if (r.InboundIvrMenuId is { Length: > 40 }) Add("inbound_ivr_menu_id", "inbound_ivr_menu_id is not an IVR menu id (ivr_…).");

        var agents = r.InboundAgents ?? [];
        if (agents.Count > MaxInboundAgents) Add("inbound_agents", $"At most {MaxInboundAgents} inbound agents.");
        var seen = new HashSet<(string?, int?)>();
        for (var i = 0; i < agents.Count; i++)
        {
            var agent = agents[i];
            if (agent is null)
            {
                Add($"inbound_agents[{i}]", "Each entry is an object {\"agent_id\", \"agent_version\"?, \"weight\"}.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(agent.AgentId) || agent.AgentId.Length > 40) Add($"inbound_agents[{i}].agent_id", "agent_id is required (agent_…).");
            if (agent.AgentVersion is < 1) Add($"inbound_agents[{i}].agent_version", "agent_version must be at least 1 (or absent for the published version).");
            if (agent.Weight is not (>= 1 and <= MaxWeight)) Add($"inbound_agents[{i}].weight", $"weight must be a whole number from 1 to {MaxWeight}.");
            if (!seen.Add((agent.AgentId, agent.AgentVersion))) Add($"inbound_agents[{i}]", "This agent (and version) is listed twice; raise its weight instead.");
        }

        if (r.InboundWebhookUrl is { } url)
        {
            if (WebhookValidator.UrlProblem(url) is { } problem) Add("inbound_webhook_url", problem.Replace("url ", "inbound_webhook_url ", StringComparison.Ordinal));
        }
        else if (agents.Count == 0)
        {
            Add("inbound_agents", "Name at least one inbound agent, unless inbound_webhook_url is set to choose one per call.");
        }

        var countries = r.OutboundAllowedCountries ?? [];
        if (countries.Count > MaxCountries) Add("outbound_allowed_countries", $"At most {MaxCountries} country codes.");
        for (var i = 0; i < countries.Count; i++)
        {
            if (!CountryCallingCodes.IsWellFormed(countries[i]))
                Add($"outbound_allowed_countries[{i}]", "Not an E.164 country calling code (digits without '+', e.g. \"1\", \"44\", \"358\").");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
