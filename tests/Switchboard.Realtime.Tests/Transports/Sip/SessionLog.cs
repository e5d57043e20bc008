using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Switchboard.Realtime.Tests.Transports.Sip;

/// <summary>Keeps a session's warnings and errors so a failing whole-call test can print why a turn went missing.</summary>
internal sealed class SessionLog : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) _lines.Enqueue($"log {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.Message)}");
    }
}
