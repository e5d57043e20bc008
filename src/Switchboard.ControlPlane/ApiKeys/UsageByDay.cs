namespace Switchboard.ControlPlane.ApiKeys;

internal sealed record UsageByDay(DateOnly Day, long Requests);
