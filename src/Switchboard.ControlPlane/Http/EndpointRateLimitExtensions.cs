namespace Switchboard.ControlPlane.Http;

internal static class EndpointRateLimitExtensions
{
    public static RouteHandlerBuilder WithEndpointRateLimit(this RouteHandlerBuilder builder, string policy, int defaultPerMinute) =>
        builder.WithMetadata(new EndpointRateLimitMetadata(policy, defaultPerMinute));
}
