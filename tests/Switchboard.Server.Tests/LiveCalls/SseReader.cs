namespace Switchboard.Server.Tests.LiveCalls;

/// <summary>Reads server-sent events (event name + data lines) from a response stream, for tests.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>The next event matching <paramref name="match"/>; fails after 30 s or at the end of the stream.</summary>
    public async Task<(string Type, string Data)> NextAsync(Func<(string Type, string Data), bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string type = "message", data = "";
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data += line[5..].TrimStart();
            else if (line.Length == 0 && data.Length > 0)
            {
                var item = (type, data);
                type = "message";
                data = "";
                if (match(item)) return item;
            }
        }
        throw new InvalidOperationException("The event stream ended before the expected event.");
    }

    public void Dispose() => _reader.Dispose();
}
