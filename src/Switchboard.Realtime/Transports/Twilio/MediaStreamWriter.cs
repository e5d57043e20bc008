using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Switchboard.Audio.G711;

namespace Switchboard.Realtime.Transports.Twilio;

/// <summary>
/// Builds our outbound messages (<c>media</c>, <c>mark</c>, <c>clear</c>) as UTF-8 into one reusable buffer: the fixed
/// parts are encoded once per call, so a frame costs a G.711 encode and a base64 encode and no allocation.
/// </summary>
/// <remarks>Not thread-safe: owned by the channel's send loop. The returned memory is valid until the next call.</remarks>
internal sealed class MediaStreamWriter
{
    private readonly byte[] _mediaPrefix;
    private readonly byte[] _markPrefix;
    private readonly byte[] _clear;
    private readonly MediaStreamEncoding _encoding;
    private byte[] _codes = new byte[160];
    private byte[] _buffer;

    public MediaStreamWriter(MediaStreamDialect dialect, string streamId, MediaStreamEncoding encoding)
    {
        _encoding = encoding;
        // Telnyx reads commands without a stream id; Twilio and SignalWire want the streamSid on each message.
        var id = dialect == MediaStreamDialect.Telnyx
            ? ""
            : $",\"streamSid\":\"{Encoding.UTF8.GetString(JsonEncodedText.Encode(streamId).EncodedUtf8Bytes)}\"";
        _mediaPrefix = Encoding.UTF8.GetBytes($"{{\"event\":\"media\"{id},\"media\":{{\"payload\":\"");
        _markPrefix = Encoding.UTF8.GetBytes($"{{\"event\":\"mark\"{id},\"mark\":{{\"name\":\"");
        _clear = Encoding.UTF8.GetBytes($"{{\"event\":\"clear\"{id}}}");
        _buffer = new byte[_mediaPrefix.Length + 512];
    }

    private static ReadOnlySpan<byte> Close => "\"}}"u8;

    /// <summary>A <c>media</c> message carrying <paramref name="samples"/> coded as the stream's G.711 law.</summary>
    public ReadOnlyMemory<byte> Media(ReadOnlySpan<short> samples)
    {
        if (_codes.Length < samples.Length) _codes = new byte[samples.Length];
        var codes = _codes.AsSpan(0, samples.Length);
        if (_encoding == MediaStreamEncoding.ALaw) ALaw.Encode(samples, codes);
        else MuLaw.Encode(samples, codes);
        var needed = _mediaPrefix.Length + Base64.GetMaxEncodedToUtf8Length(codes.Length) + Close.Length;
        if (_buffer.Length < needed) _buffer = new byte[needed];
        var span = _buffer.AsSpan();
        _mediaPrefix.CopyTo(span);
        var position = _mediaPrefix.Length;
        Base64.EncodeToUtf8(codes, span[position..], out _, out var written);
        position += written;
        Close.CopyTo(span[position..]);
        return _buffer.AsMemory(0, position + Close.Length);
    }

    /// <summary>A <c>mark</c> named by the frame number <paramref name="frame"/>.</summary>
    public ReadOnlyMemory<byte> Mark(long frame)
    {
        var span = _buffer.AsSpan();
        _markPrefix.CopyTo(span);
        var position = _markPrefix.Length;
        Utf8Formatter.TryFormat(frame, span[position..], out var written);
        position += written;
        Close.CopyTo(span[position..]);
        return _buffer.AsMemory(0, position + Close.Length);
    }

    /// <summary>The <c>clear</c> message.</summary>
    public ReadOnlyMemory<byte> Clear() => _clear;
}
