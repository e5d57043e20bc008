using Switchboard.Audio.Frames;

namespace Switchboard.Realtime.Transports.Browser;

/// <summary>
/// One message on its way to the browser: a JSON event (<see cref="Text"/>, UTF-8) or a frame of agent audio, owned by
/// the queue until sent. <see cref="Epoch"/> tells audio queued before a <c>clear</c> from audio queued after it.
/// </summary>
internal readonly record struct OutgoingMessage(AudioFrame Frame, byte[]? Text, int Epoch);
