namespace Switchboard.ControlPlane.WebCalls;

/// <summary>A checked token: the call's organization and the token's id, or why the token was refused.</summary>
internal sealed record WebCallTokenCheck(string? OrganizationId, string? TokenId, DateTimeOffset ExpiresAt, string? Error)
{
    public bool IsValid => Error is null;

    public static WebCallTokenCheck Refused(string error) => new(null, null, default, error);
}
