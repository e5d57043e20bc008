using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Switchboard.ControlPlane.Agents;

/// <summary>
/// On PostgreSQL, where several server nodes share one database, keeps this node's <see cref="AgentReadCache"/>
/// in step with writes made on the others: it LISTENs on <see cref="Channel"/> (the invalidator NOTIFYs in each
/// agent write's transaction) and drops the named entries. The cache serves only while the LISTEN connection is
/// up; on every (re)connect the cache is cleared because notifications sent meanwhile are lost. Owns one
/// connection and one loop, stopped by the host; reconnects with a bounded back-off on the host's TimeProvider.
/// </summary>
internal sealed partial class AgentChangeListener(
    AgentReadCache cache, string connectionString, TimeProvider time, ILogger<AgentChangeListener> logger) : BackgroundService
{
    public const string Channel = "switchboard_agent_changes";
    public const string ApplicationName = "switchboard-agent-listener";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _firstListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    /// <summary>Completes once notifications are first being received (tests wait on it before writing elsewhere).</summary>
    public Task Listening => _firstListening.Task;

    /// <summary>How many times the LISTEN connection was (re)established.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Raised after each (re)connect, once LISTEN is active and the cache was cleared.</summary>
    internal event Action? Connected;

    /// <summary>Raised after a notification was applied to the cache (this node's own writes notify it too).</summary>
    internal event Action<AgentCacheKey>? Notified;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = ApplicationName,
            // A dead server or a cut link must end WaitAsync, or the cache would serve stale rows unnoticed.
            KeepAlive = 15,
            Pooling = false,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                cache.Resume();
                Interlocked.Increment(ref _connections);
                _firstListening.TrySetResult();
                Connected?.Invoke();
                retry = FirstRetry;
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                cache.Suspend();
                LogListenFailed(logger, retry, ex);
                try
                {
                    await Task.Delay(retry, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }
        cache.Suspend();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (AgentCacheKey.TryParsePayload(e.Payload, out var key))
        {
            cache.Invalidate(key);
            Notified?.Invoke(key);
        }
        else
        {
            cache.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent change notifications lost; agent reads go to the database until reconnected (retry in {Retry})")]
    private static partial void LogListenFailed(ILogger logger, TimeSpan retry, Exception exception);
}
