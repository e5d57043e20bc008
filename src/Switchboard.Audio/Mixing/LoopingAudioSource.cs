namespace Switchboard.Audio.Mixing;

/// <summary>
/// Plays a PCM16 clip (hold music, office ambience) endlessly: each <see cref="Read"/> continues where
/// the previous one stopped and wraps to the start of the clip.
/// </summary>
/// <remarks>
/// <para><b>Thread-safety:</b> not thread-safe; one instance per stream. The clip itself is only read,
/// so one clip array can back many sources.</para>
/// <para><b>Ownership:</b> the source keeps a reference to the clip memory; the caller must not change it
/// while sources use it.</para>
/// </remarks>
public sealed class LoopingAudioSource
{
    private readonly ReadOnlyMemory<short> _clip;
    private int _position;

    /// <summary>Creates a source over a clip at the stream's sample rate.</summary>
    /// <exception cref="ArgumentException">The clip is empty.</exception>
    public LoopingAudioSource(ReadOnlyMemory<short> clip)
    {
        if (clip.IsEmpty)
        {
            throw new ArgumentException("The clip must contain at least one sample.", nameof(clip));
        }

        _clip = clip;
    }

    /// <summary>Index in the clip of the next sample <see cref="Read"/> will return.</summary>
    public int Position => _position;

    /// <summary>Fills <paramref name="destination"/> completely with the next samples of the loop.</summary>
    public void Read(Span<short> destination)
    {
        ReadOnlySpan<short> clip = _clip.Span;
        while (!destination.IsEmpty)
        {
            int take = Math.Min(clip.Length - _position, destination.Length);
            clip.Slice(_position, take).CopyTo(destination);
            destination = destination[take..];
            _position += take;
            if (_position == clip.Length)
            {
                _position = 0;
            }
        }
    }

    /// <summary>Restarts the loop from the beginning of the clip.</summary>
    public void Rewind() => _position = 0;
}
