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

        // Key lookups only: background services of the test server (analysis, call housekeeping) may query other tables
        // at any moment, and once one did so during the loop (CI, 2026-11-25).
        var before = counter.KeyLookups;
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
        Assert.Equal(before, counter.KeyLookups);

        // The control: the untouched key does reach the database (its lookup, or the agents it may list).
        var all = counter.Count;
        await key.Client.GetAsync("/api/v1/agents");
        Assert.True(counter.Count > all);

        // And a key not seen before is looked up in api_keys, so the count above can see a lookup.
        var fresh = await server.CreateKeyAsync();
        var lookups = counter.KeyLookups;
        await fresh.Client.GetAsync("/api/v1/agents");
        Assert.True(counter.KeyLookups > lookups);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;
        private int _keyLookups;
        public int Count => Volatile.Read(ref _count);
        public int KeyLookups => Volatile.Read(ref _keyLookups);

        private void Counted(DbCommand command)
        {
            Interlocked.Increment(ref _count);
            if (command.CommandText.Contains("api_keys", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _keyLookups);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Counted(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Counted(command);
            return base.ReaderExecuting(command, eventData, result);
        }
    }
}
