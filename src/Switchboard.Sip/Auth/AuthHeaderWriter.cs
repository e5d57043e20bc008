using System.Text;

namespace Switchboard.Sip.Auth;

/// <summary>Builds "Digest name=value, ..." header values with correct quoting.</summary>
internal sealed class AuthHeaderWriter
{
    private readonly StringBuilder _sb = new(256);
    private bool _hasParameters;

    public AuthHeaderWriter(string scheme) => _sb.Append(scheme);

    public AuthHeaderWriter Quoted(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        Separator().Append(name).Append("=\"");
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                _sb.Append('\\');
            }

            _sb.Append(c);
        }

        _sb.Append('"');
        return this;
    }

    public AuthHeaderWriter Token(string name, string? value)
    {
        if (value is not null)
        {
            Separator().Append(name).Append('=').Append(value);
        }

        return this;
    }

    public override string ToString() => _sb.ToString();

    private StringBuilder Separator()
    {
        _sb.Append(_hasParameters ? ", " : " ");
        _hasParameters = true;
        return _sb;
    }

    /// <summary>Rejects values a header line cannot carry.</summary>
    public static void EnsureHeaderSafe(string? value, string parameterName)
    {
        if (value is not null && value.AsSpan().ContainsAny('\r', '\n', '\0'))
        {
            throw new ArgumentException($"'{parameterName}' must not contain CR, LF or NUL.", parameterName);
        }
    }
}
