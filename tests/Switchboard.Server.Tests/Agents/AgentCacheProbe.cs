using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Agents;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Agents;

/// <summary>Looks into a test server's agent read cache, so tests can prove a read was (or was not) served from it.</summary>
internal static class AgentCacheProbe
{
    public static AgentReadCache Cache(this TestServerInstance server) => server.Services.GetRequiredService<AgentReadCache>();

    /// <summary>On PostgreSQL the cache serves only once its change listener is up; SQLite has no listener.</summary>
    public static async Task<AgentReadCache> ReadyCacheAsync(this TestServerInstance server)
    {
        if (server.Services.GetService<AgentChangeListener>() is { } listener) await listener.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var cache = server.Cache();
        Assert.True(cache.IsActive);
        return cache;
    }

    /// <summary>
    /// Call before a write; await the result after it. On PostgreSQL the node also hears its own write's
    /// notification, asynchronously, and that invalidation (rightly) blocks any cache fill in flight, so a test
    /// that asserts a read was cached must first wait for it. SQLite has no notifications: completes at once.
    /// </summary>
    public static Func<Task> ExpectOwnNotification(this TestServerInstance server, string organizationId)
    {
        if (server.Services.GetService<AgentChangeListener>() is not { } listener) return () => Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(AgentCacheKey key)
        {
            if (key.OrganizationId == organizationId) done.TrySetResult();
        }
        listener.Notified += Handler;
        return async () =>
        {
            try
            {
                await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                listener.Notified -= Handler;
            }
        };
    }

    public static bool Holds(this AgentReadCache cache, TestKey key, string agentId, int? version = null) =>
        cache.TryGet(key.OrganizationId, agentId, version, out _);

    /// <summary>Completes when the cache drops this agent's entry (a bounded wait: a notification from another node).</summary>
    public static Task WaitForInvalidationAsync(this AgentReadCache cache, string organizationId, string agentId)
    {
        var wanted = new AgentCacheKey(organizationId, agentId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(AgentCacheKey key)
        {
            if (key == wanted) done.TrySetResult();
        }
        cache.Invalidated += Handler;
        return Unsubscribe();

        async Task Unsubscribe()
        {
            try
            {
                await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                cache.Invalidated -= Handler;
            }
        }
    }
}
