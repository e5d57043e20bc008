using Microsoft.Extensions.Logging;

namespace Switchboard.Speech.Tests.Failover;

/// <summary>Records formatted log entries (with their exception text) so tests can check what is and is not logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    internal List<(LogLevel Level, string Text)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception) + " | " + exception));
        }
    }
}
