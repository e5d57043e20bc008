namespace Switchboard.ControlPlane.ApiKeys;

/// <summary>
/// What <see cref="ApiKeyAuthenticator"/> found: a usable key, or a failure message safe to show the caller, or
/// neither (the request carried no key).
/// </summary>
internal readonly record struct ApiKeyCheck(StoredKey? Key, string? Failure)
{
    public static ApiKeyCheck None => default;
    public static ApiKeyCheck Failed(string message) => new(null, message);
}
