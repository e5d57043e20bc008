namespace Switchboard.ControlPlane.PhoneNumbers;

/// <summary>A trunk as the API shows it: the password only as <c>has_password</c>.</summary>
internal sealed record SipTrunkResponse(
    string Id,
    string Name,
    string Address,
    string Transport,
    string? Username,
    bool HasPassword,
    bool Register,
    int RegisterExpiresSeconds,
    string? OutboundCallerId,
    IReadOnlyList<string> InboundNetworks,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>This server's registration to the trunk (GET of one trunk with <c>register: true</c>), else left out.</summary>
    public TrunkRegistrationResponse? Registration { get; init; }

    public static SipTrunkResponse From(SipTrunk t) =>
        new(t.Id, t.Name, t.Address, t.Transport, t.Username, t.PasswordProtected is not null, t.Register,
            t.RegisterExpiresSeconds, t.OutboundCallerId, SipTrunkInboundNetworks.Split(t.InboundNetworks), t.CreatedAt, t.UpdatedAt);
}
