namespace Switchboard.ControlPlane.WebCalls;

/// <summary>The outcome of redeeming a token: the call's organization, or why the token was refused.</summary>
internal sealed record WebCallTokenCheck(string? OrganizationId, string? Error)
{
    public bool IsValid => OrganizationId is not null;

    public static WebCallTokenCheck Refused(string error) => new(null, error);
}
