using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Switchboard.ControlPlane.Functions;

/// <summary>
/// Masks what must not reach the execution log: values under secret-looking property names, values under
/// the function's configured PII property names (at any depth, case-insensitive), and strings that look like
/// credentials or card numbers wherever they appear. Pure and thread-safe.
/// </summary>
internal static partial class SensitiveDataMasker
{
    public const string Mask = "[masked]";

    public static JsonNode? Apply(JsonNode? node, IReadOnlyCollection<string> piiFields)
    {
        var pii = new HashSet<string>(piiFields, StringComparer.OrdinalIgnoreCase);
        var copy = node?.DeepClone();
        if (copy is JsonValue v && v.TryGetValue<string>(out var text)) return MaskText(text);
        Walk(copy, pii);
        return copy;
    }

    /// <summary>Secrets shorter than this are not masked as text: masking "ab" everywhere would garble everything.</summary>
    public const int MinLiteralLength = 4;

    /// <summary>
    /// A copy of <paramref name="node"/> with every occurrence of the given values (and their percent-encoded forms)
    /// replaced by the mask, in string values and property names: secrets a server echoed back.
    /// </summary>
    public static JsonNode? MaskLiterals(JsonNode? node, IReadOnlyCollection<string> literals)
    {
        var forms = Forms(literals);
        return forms.Count == 0 ? node?.DeepClone() : MaskLiteralNode(node, forms);
    }

    /// <summary><paramref name="text"/> with every occurrence of the given values (and their percent-encoded forms) masked.</summary>
    public static string MaskLiterals(string text, IReadOnlyCollection<string> literals)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Replace(text, Forms(literals));
    }

    private static List<string> Forms(IReadOnlyCollection<string> literals)
    {
        ArgumentNullException.ThrowIfNull(literals);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var literal in literals)
        {
            if (literal.Length < MinLiteralLength) continue;
            forms.Add(literal);
            forms.Add(Uri.EscapeDataString(literal));
        }
        // Longest first, so a secret that contains another is masked whole.
        return [.. forms.OrderByDescending(f => f.Length)];
    }

    private static string Replace(string text, List<string> forms)
    {
        foreach (var form in forms) text = text.Replace(form, Mask, StringComparison.Ordinal);
        return text;
    }

    private static JsonNode? MaskLiteralNode(JsonNode? node, List<string> forms)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var name = Replace(key, forms);
                    // Two keys masked to the same text: keep both values rather than lose one.
                    while (copy.ContainsKey(name)) name += "'";
                    copy[name] = MaskLiteralNode(child, forms);
                }
                return copy;
            }
            case JsonArray array:
            {
                var copy = new JsonArray();
                foreach (var child in array) copy.Add(MaskLiteralNode(child, forms));
                return copy;
            }
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Replace(text, forms));
            default:
                return node?.DeepClone();
        }
    }

    private static void Walk(JsonNode? node, HashSet<string> pii)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                var child = obj[name];
                if (pii.Contains(name) || SecretName().IsMatch(name))
                {
                    if (child is not null) obj[name] = Mask;
                }
                else if (Masked(child) is { } replacement) obj[name] = replacement;
                else Walk(child, pii);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (Masked(array[i]) is { } replacement) array[i] = replacement;
                else Walk(array[i], pii);
            }
        }
    }

    private static string? Masked(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text)) return null;
        var masked = MaskText(text);
        return ReferenceEquals(masked, text) ? null : masked;
    }

    /// <summary>True for property, header or parameter names that carry credentials by convention.</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>Replaces credential-looking tokens and Luhn-valid card numbers inside free text.</summary>
    public static string MaskText(string text)
    {
        if (text.Length < 8) return text;
        var result = SecretValue().Replace(text, Mask);
        result = CardNumber().Replace(result, m => Luhn(m.Value) ? Mask : m.Value);
        return result == text ? text : result;
    }

    private static bool Luhn(string candidate)
    {
        var sum = 0;
        var digits = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is ' ' or '-') continue;
            var d = c - '0';
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    // Property names that carry credentials by convention.
    [GeneratedRegex(@"(pass(word|wd|phrase)?|secret|token|api[_-]?key|apikey|auth(orization)?|credential|private[_-]?key|access[_-]?key|cookie|session[_-]?id|^pin$|cvv|cvc)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    // Bearer/Basic credentials, JWTs, and the prefixes of well-known API keys (OpenAI, Anthropic, ours, Standard
    // Webhooks, GitHub, Slack, AWS access key ids, Stripe).
    [GeneratedRegex(@"((Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}|eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+|\b(sk|pk|rk)[-_](live_|test_|ant-|proj-)?[A-Za-z0-9_-]{16,}|\bsb_(live|test)_[A-Za-z0-9]{20,}|\bwhsec_[A-Za-z0-9+/=]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bAKIA[0-9A-Z]{16}\b)",
        RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"\b\d(?:[ -]?\d){12,18}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CardNumber();
}
