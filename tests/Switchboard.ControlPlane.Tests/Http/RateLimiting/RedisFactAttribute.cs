namespace Switchboard.ControlPlane.Tests.Http.RateLimiting;

/// <summary>
/// A fact that needs a real redis-server. Skipped with a reason when <c>SWITCHBOARD_TEST_REDIS</c> is unset,
/// unless <c>SWITCHBOARD_TEST_REQUIRE_SERVICES=1</c>, in which case it runs and fails loudly (CI must not
/// silently skip). xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisTestContext.Address is null && !RedisTestContext.ServicesRequired)
        {
            Skip = $"Needs a real Redis: set {RedisTestContext.AddressVariable}=host:port "
                + "(e.g. redis-server --port 6391 --bind 127.0.0.1 --daemonize yes --save '').";
        }
    }
}
