using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.ControlPlane.Data;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests;

public sealed class KeyFormatTests
{
    [Fact]
    public async Task Every_single_character_change_is_refused_without_a_database_query()
    {
        var counter = new CommandCounter();
        await using var server = await TestServerInstance.StartAsync(Providers.Sqlite,
            // The webhook dispatcher polls the database every second on its own; it would be counted as the key check's.
            new Dictionary<string, string?> { ["Switchboard:RateLimits:PerIpPerMinute"] = "100000", ["Webhooks:DispatcherEnabled"] = "false" },
            configure: b => b.Services.ConfigureDbContext<SqliteSwitchboardDbContext>(o => o.AddInterceptors(counter)));
        var key = await server.CreateKeyAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await key.Client.GetAsync("/health/live")).StatusCode);

        var before = counter.Count;
        const string replacements = "0aZ_-";
        var tried = 0;
        for (var i = 0; i < key.Secret.Length; i++)
        {
            foreach (var c in replacements)
            {
                if (key.Secret[i] == c) continue;
                var mutated = string.Concat(key.Secret.AsSpan(0, i), c.ToString(), key.Secret.AsSpan(i + 1));
                var response = await server.CreateClient(mutated).GetAsync("/api/v1/agents");
                var problem = await response.ProblemAsync(401, "invalid_api_key");
                Assert.Contains("malformed", (string)problem["detail"]!, StringComparison.Ordinal);
                tried++;
            }
        }
        Assert.True(tried > 150);
        Assert.Equal(before, counter.Count);

        // The control: the untouched key does reach the database.
        await key.Client.GetAsync("/api/v1/agents");
        Assert.True(counter.Count > before);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecuting(command, eventData, result);
        }
    }
}
