using System.Collections;

namespace Switchboard.Sip.Messages;

/// <summary>
/// The ordered header fields of a message. Unknown headers keep their names, values and relative order; lookups are
/// case-insensitive and accept compact forms. Not thread-safe: a message belongs to one transaction at a time.
/// </summary>
public sealed class SipHeaders : IReadOnlyList<SipHeader>
{
    private readonly List<SipHeader> _items = [];

    /// <inheritdoc />
    public int Count => _items.Count;

    /// <inheritdoc />
    public SipHeader this[int index] => _items[index];

    /// <summary>Appends a header field.</summary>
    /// <exception cref="ArgumentException">See <see cref="SipHeader(string, string)"/>.</exception>
    public void Add(string name, string value) => _items.Add(new SipHeader(name, value));

    /// <summary>Appends a header field.</summary>
    public void Add(SipHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _items.Add(header);
    }

    /// <summary>Inserts a header field before the first field with the same name, or appends it (used for Via and Record-Route).</summary>
    /// <exception cref="ArgumentException">See <see cref="SipHeader(string, string)"/>.</exception>
    public void AddFirst(string name, string value)
    {
        var header = new SipHeader(name, value);
        int i = _items.FindIndex(h => h.Is(header.Name));
        _items.Insert(i < 0 ? _items.Count : i, header);
    }

    /// <summary>Removes every field with this name; returns how many were removed.</summary>
    public int RemoveAll(string name) => _items.RemoveAll(h => h.Is(name));

    /// <summary>Removes one field.</summary>
    public bool Remove(SipHeader header) => _items.Remove(header);

    /// <summary>True when at least one field has this name.</summary>
    public bool Contains(string name) => _items.Exists(h => h.Is(name));

    /// <summary>The value of the first field with this name, or <see langword="null"/>.</summary>
    public string? GetFirstValue(string name) => _items.Find(h => h.Is(name))?.Value;

    /// <summary>Every field with this name, in order.</summary>
    public IEnumerable<SipHeader> GetAll(string name)
    {
        foreach (SipHeader h in _items)
        {
            if (h.Is(name))
            {
                yield return h;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerator<SipHeader> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal List<SipHeader> Items => _items;
}
