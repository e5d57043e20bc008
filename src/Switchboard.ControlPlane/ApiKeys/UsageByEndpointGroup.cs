namespace Switchboard.ControlPlane.ApiKeys;

internal sealed record UsageByEndpointGroup(string EndpointGroup, long Requests);
