namespace Switchboard.ControlPlane.ApiKeys;

internal sealed record ApiKeyUsageResponse(
    string ApiKeyId,
    DateOnly From,
    DateOnly To,
    long TotalRequests,
    IReadOnlyList<UsageByDay> ByDay,
    IReadOnlyList<UsageByEndpointGroup> ByEndpointGroup);
