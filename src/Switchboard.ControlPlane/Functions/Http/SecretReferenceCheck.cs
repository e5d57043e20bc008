using Switchboard.ControlPlane.Secrets;

namespace Switchboard.ControlPlane.Functions.Http;

/// <summary>
/// Names the fields of an HTTP function that refer to secrets the organization does not have, so saving a function
/// with a typo in <c>{{secret.NAME}}</c> fails at once instead of on the first call.
/// </summary>
internal static class SecretReferenceCheck
{
    /// <summary>Per-field problems; empty when every referenced secret exists (or none is referenced).</summary>
    public static async Task<Dictionary<string, string[]>> FindMissingAsync(FunctionConfig config, SecretStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (config.Kind != FunctionKinds.Http || HttpSettingsParser.Parse(config.Http, static (_, _) => { }) is not { } settings
            || settings.SecretNames.Count == 0)
            return problems;
        var missing = (await store.MissingAsync([.. settings.SecretNames], ct)).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0) return problems;

        void Check(string field, Template template)
        {
            var unknown = template.SecretNames.Where(missing.Contains).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
                problems[field] = [.. unknown.Select(n => $"No secret named '{n}' exists in this organization; create it with POST /api/v1/secrets first.")];
        }
        Check("http.url", settings.Url);
        foreach (var (name, template) in settings.Headers) Check("http.headers." + name, template);
        foreach (var (name, template) in settings.Query) Check("http.query." + name, template);
        return problems;
    }
}
