using System.Runtime.CompilerServices;

namespace Switchboard.Realtime.ResponseEngines;

/// <summary>
/// Engines that speak whole phrases (flows, menus) yield one delta per phrase; joined as they are, "receptionist." and
/// "How can I help?" become "receptionist.How", which no sentence splitter or TTS reads as two sentences. This puts
/// a space between consecutive phrases of one response.
/// </summary>
public static class TextSpacing
{
    public static async IAsyncEnumerable<ResponseEvent> Separate(IAsyncEnumerable<ResponseEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var needsSpace = false;
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item is TextDelta { Text.Length: > 0 } delta)
            {
                var text = needsSpace && !char.IsWhiteSpace(delta.Text[0]) ? " " + delta.Text : delta.Text;
                needsSpace = !char.IsWhiteSpace(text[^1]);
                yield return text == delta.Text ? delta : new TextDelta(text);
                continue;
            }
            yield return item;
        }
    }
}
