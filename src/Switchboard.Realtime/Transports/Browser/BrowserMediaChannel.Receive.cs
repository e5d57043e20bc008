using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Realtime.Transports.Browser;

// The single reader of the socket: microphone audio into the buffer, control messages into the session's input.
public sealed partial class BrowserMediaChannel
{
    private async Task RunReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var text = new byte[_options.MaxTextMessageBytes];
        var textLength = 0;
        var tooLarge = false;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        await BrowserGoneAsync(cancellationToken).ConfigureAwait(false);
                        return;
                    case WebSocketMessageType.Binary:
                        // Binary messages are a byte stream of PCM16: their sizes need not match frames, or even samples.
                        _audio.Write(buffer.AsSpan(0, result.Count));
                        continue;
                }
                if (!tooLarge && textLength + result.Count <= text.Length)
                {
                    buffer.AsSpan(0, result.Count).CopyTo(text.AsSpan(textLength));
                    textLength += result.Count;
                }
                else
                {
                    tooLarge = true;
                }
                if (!result.EndOfMessage) continue;
                if (tooLarge)
                    await RejectAsync("message_too_large", $"Control messages are limited to {text.Length} bytes.", cancellationToken).ConfigureAwait(false);
                else
                    await HandleControlAsync(text.AsMemory(0, textLength), cancellationToken).ConfigureAwait(false);
                textLength = 0;
                tooLarge = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            BrowserChannelLog.ReceiveFailed(_logger, e, CallId);
            await BrowserGoneAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleControlAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        string? type;
        string? digit = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                await RejectAsync("invalid_message", "A control message is a JSON object with a string \"type\".", cancellationToken).ConfigureAwait(false);
                return;
            }
            type = typeElement.GetString();
            if (root.TryGetProperty("digit", out var digitElement) && digitElement.ValueKind == JsonValueKind.String) digit = digitElement.GetString();
        }
        catch (JsonException)
        {
            await RejectAsync("invalid_message", "A control message must be valid JSON.", cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (type)
        {
            case "dtmf":
                if (digit is not { Length: 1 } || !IsKeypadDigit(char.ToUpperInvariant(digit[0])))
                {
                    await RejectAsync("invalid_digit", "\"digit\" must be one keypad key: 0-9, *, #, A-D.", cancellationToken).ConfigureAwait(false);
                    return;
                }
                await WriteInputAsync(MediaInput.ForDigit(char.ToUpperInvariant(digit[0])), cancellationToken).ConfigureAwait(false);
                return;
            case "hangup":
                RecordEnd("user_hangup");
                await WriteInputAsync(MediaInput.HangUp("user_hangup"), cancellationToken).ConfigureAwait(false);
                _input.Writer.TryComplete();
                return;
            default:
                await RejectAsync("unknown_message_type", $"Unknown message type '{type}'; expected dtmf or hangup.", cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>The browser closed the socket or the connection broke: the caller hung up.</summary>
    private async ValueTask BrowserGoneAsync(CancellationToken cancellationToken)
    {
        BeginClose("user_hangup", browserGone: true);
        await WriteInputAsync(MediaInput.HangUp("user_hangup"), cancellationToken).ConfigureAwait(false);
        _input.Writer.TryComplete();
    }

    private async ValueTask WriteInputAsync(MediaInput input, CancellationToken cancellationToken)
    {
        try
        {
            await _input.Writer.WriteAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The session already ended the call.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private ValueTask RejectAsync(string code, string message, CancellationToken cancellationToken)
    {
        BrowserChannelLog.ControlRejected(_logger, CallId, code);
        return PostAsync(BrowserEvents.Error(code, message), cancellationToken);
    }
}
