using System.Text;

namespace Switchboard.Speech.Flite;

/// <summary>
/// Cuts text arriving in arbitrary pieces (LLM tokens) into sentences so speech can start after the first one.
/// </summary>
/// <remarks>
/// A sentence ends at '.', '!', '?' or ';' followed by whitespace, or at a line break. Requiring the following
/// whitespace keeps "3.5" and "e.g.x" whole and means a sentence is only released once the next piece shows it is
/// complete; <see cref="Flush"/> releases the remainder at the end of the stream. Not thread-safe.
/// </remarks>
internal sealed class SentenceSplitter
{
    private readonly StringBuilder _pending = new();

    /// <summary>Appends a piece of text.</summary>
    internal void Append(string text) => _pending.Append(text);

    /// <summary>Takes the next complete sentence, trimmed, if there is one.</summary>
    internal bool TryTake(out string sentence)
    {
        while (true)
        {
            int end = FindEnd();
            if (end < 0)
            {
                sentence = string.Empty;
                return false;
            }

            sentence = _pending.ToString(0, end).Trim();
            _pending.Remove(0, end);
            if (sentence.Length > 0 && HasSpeakable(sentence))
            {
                return true;
            }
        }
    }

    /// <summary>Takes whatever is left (the last sentence without a terminator), or false when nothing speakable is left.</summary>
    internal bool Flush(out string sentence)
    {
        sentence = _pending.ToString().Trim();
        _pending.Clear();
        return sentence.Length > 0 && HasSpeakable(sentence);
    }

    private static bool HasSpeakable(string text)
    {
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Index just past the first sentence end, or -1.</summary>
    private int FindEnd()
    {
        for (int i = 0; i < _pending.Length; i++)
        {
            char c = _pending[i];
            if (c is '\n' or '\r')
            {
                return i + 1;
            }

            if (c is '.' or '!' or '?' or ';' && i + 1 < _pending.Length && char.IsWhiteSpace(_pending[i + 1]))
            {
                return i + 1;
            }
        }

        return -1;
    }
}
