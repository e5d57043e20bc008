// The speech interfaces of Microsoft.Extensions.AI 10.11 are experimental (MEAI001); they are our contract (§6).
#pragma warning disable MEAI001

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.Speech.Tests.Failover;

/// <summary>A tiny fallback that reads the whole stream and reports how many bytes it heard, as one final.</summary>
internal sealed class CountingSpeechToTextClient : ISpeechToTextClient
{
    internal int Calls { get; private set; }

    internal SpeechToTextOptions? LastOptions { get; private set; }

    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        new((await CountAsync(audioSpeechStream, options, cancellationToken)).ToString());

    public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
        StreamAsync(audioSpeechStream, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(SpeechToTextClientMetadata) ? new SpeechToTextClientMetadata("counting") : null;

    public void Dispose()
    {
    }

    private async IAsyncEnumerable<SpeechToTextResponseUpdate> StreamAsync(Stream stream, SpeechToTextOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long bytes = await CountAsync(stream, options, cancellationToken);
        yield return new SpeechToTextResponseUpdate($"{bytes} bytes") { Kind = SpeechToTextResponseUpdateKind.TextUpdated };
    }

    private async Task<long> CountAsync(Stream stream, SpeechToTextOptions? options, CancellationToken cancellationToken)
    {
        Calls++;
        LastOptions = options;
        byte[] buffer = new byte[1000];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += n;
        }

        return total;
    }
}
