namespace Switchboard.Speech.Cloud;

/// <summary>Validation of the configurable base addresses and keys, and query-string building.</summary>
internal static class CloudUris
{
    /// <summary>Checks that <paramref name="uri"/> is absolute with one of <paramref name="schemes"/>, and returns it ending in '/'.</summary>
    /// <exception cref="ArgumentException">The address is missing, relative or has another scheme.</exception>
    internal static Uri RequireBase(Uri? uri, string optionName, params string[] schemes)
    {
        if (uri is null || !uri.IsAbsoluteUri || Array.IndexOf(schemes, uri.Scheme) < 0)
        {
            throw new ArgumentException($"{optionName} must be an absolute {string.Join(" or ", schemes)} URI.", optionName);
        }

        string text = uri.AbsoluteUri;
        return text.EndsWith('/') ? uri : new Uri(text + "/");
    }

    /// <exception cref="ArgumentException">The key is missing or blank.</exception>
    internal static string RequireKey(string? key, string optionName)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException($"{optionName} is required (the provider's API key).", optionName);
        }

        return key.Trim();
    }

    internal static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
