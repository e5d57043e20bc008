using System.Collections;

namespace Switchboard.Sip.Messages;

/// <summary>
/// Ordered parameters of a URI or header value with case-insensitive name lookup (RFC 3261 §7.3.1, §19.1.4).
/// Order is preserved so a message round-trips. Not thread-safe for mutation; concurrent reads are safe.
/// </summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>
{
    // Most URIs and many header values carry no parameters; the list is created on first use.
    private List<SipParameter>? _items;

    /// <inheritdoc />
    public int Count => _items?.Count ?? 0;

    /// <inheritdoc />
    public SipParameter this[int index] => _items is null ? throw new ArgumentOutOfRangeException(nameof(index)) : _items[index];

    /// <summary>True when a parameter with this name (case-insensitive) is present, with or without a value.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value of the first parameter with this name; <see langword="null"/> when absent or a flag.</summary>
    public string? GetValue(string name)
    {
        int i = IndexOf(name);
        return i >= 0 ? _items![i].Value : null;
    }

    /// <summary>Finds a parameter; <paramref name="value"/> is <see langword="null"/> for a flag parameter.</summary>
    public bool TryGetValue(string name, out string? value)
    {
        int i = IndexOf(name);
        value = i >= 0 ? _items![i].Value : null;
        return i >= 0;
    }

    /// <summary>Appends a parameter.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public void Add(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        (_items ??= []).Add(new SipParameter(name, value));
    }

    /// <summary>Replaces the first parameter with this name, or appends it.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public void Set(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int i = IndexOf(name);
        if (i >= 0)
        {
            _items![i] = new SipParameter(_items[i].Name, value);
        }
        else
        {
            (_items ??= []).Add(new SipParameter(name, value));
        }
    }

    /// <summary>Removes every parameter with this name; returns whether any was removed.</summary>
    public bool Remove(string name) => _items?.RemoveAll(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;

    /// <summary>A copy that can be changed independently.</summary>
    public SipParameters Clone()
    {
        var copy = new SipParameters();
        if (_items is not null)
        {
            copy._items = [.. _items];
        }

        return copy;
    }

    /// <inheritdoc />
    public IEnumerator<SipParameter> GetEnumerator() => (_items ?? []).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string name)
    {
        if (_items is null)
        {
            return -1;
        }

        for (int i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
