using System.Text;

namespace Switchboard.Sip.Auth;

/// <summary>
/// Reads <c>challenge</c>/<c>credentials</c> lists (RFC 7235 §2.1, RFC 3261 §25.1): a scheme token followed by
/// comma-separated auth-params (<c>name=token</c> or <c>name="quoted \"string\""</c>), several schemes per value.
/// Names are case-insensitive; linear whitespace is allowed around '=' and ','.
/// </summary>
internal static class AuthHeaderParser
{
    public const int MaxLength = 8 * 1024;
    public const int MaxParameters = 64;
    public const int MaxSchemes = 16;

    public static List<AuthChallengeParts> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLength)
        {
            throw new DigestParseException($"value is {value.Length} characters, the limit is {MaxLength}");
        }

        var result = new List<AuthChallengeParts>();
        int i = 0;
        SkipSeparators(value, ref i);
        while (i < value.Length)
        {
            if (result.Count == MaxSchemes)
            {
                throw new DigestParseException($"more than {MaxSchemes} schemes", i);
            }

            string scheme = ReadToken(value, ref i);
            if (scheme.Length == 0)
            {
                throw new DigestParseException($"expected an authentication scheme, found '{Printable(value[i])}'", i);
            }

            if (i < value.Length && value[i] != ' ' && value[i] != '\t' && value[i] != ',')
            {
                throw new DigestParseException($"unexpected '{Printable(value[i])}' after scheme '{scheme}'", i);
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? token68 = TryReadToken68(value, ref i);
            if (token68 is null)
            {
                ReadParameters(value, ref i, parameters);
            }

            result.Add(new AuthChallengeParts(scheme, parameters, token68));
            SkipSeparators(value, ref i);
        }

        if (result.Count == 0)
        {
            throw new DigestParseException("value is empty");
        }

        return result;
    }

    private static void ReadParameters(string value, ref int i, Dictionary<string, string> parameters)
    {
        while (true)
        {
            SkipSeparators(value, ref i);
            if (i >= value.Length)
            {
                return;
            }

            int nameStart = i;
            string name = ReadToken(value, ref i);
            if (name.Length == 0)
            {
                throw new DigestParseException($"expected a parameter name, found '{Printable(value[i])}'", i);
            }

            int afterName = i;
            SkipWhitespace(value, ref i);
            if (i >= value.Length || value[i] != '=')
            {
                // A token not followed by '=' starts the next scheme (several challenges in one value).
                i = nameStart;
                if (afterName == value.Length || value[afterName] is ' ' or '\t')
                {
                    return;
                }

                throw new DigestParseException($"expected '=' after '{name}'", afterName);
            }

            i++;
            SkipWhitespace(value, ref i);
            string parameterValue;
            if (i < value.Length && value[i] == '"')
            {
                parameterValue = ReadQuoted(value, ref i);
            }
            else
            {
                parameterValue = ReadToken(value, ref i);
                if (parameterValue.Length == 0)
                {
                    throw new DigestParseException($"parameter '{name}' has no value", i);
                }
            }

            if (parameters.Count == MaxParameters)
            {
                throw new DigestParseException($"more than {MaxParameters} parameters", nameStart);
            }

            if (!parameters.TryAdd(name, parameterValue))
            {
                throw new DigestParseException($"parameter '{name}' appears twice", nameStart);
            }

            SkipWhitespace(value, ref i);
            if (i < value.Length && value[i] != ',')
            {
                throw new DigestParseException($"expected ',' after parameter '{name}', found '{Printable(value[i])}'", i);
            }
        }
    }

    private static string? TryReadToken68(string value, ref int i)
    {
        // token68 ("Basic dXNlcjpwYXNz") is the whole credential: letters and a few symbols, then '=' padding,
        // then the end of this scheme. "realm=x" fails the last test and is read as a parameter instead.
        int start = i;
        SkipWhitespace(value, ref i);
        int tokenStart = i;
        while (i < value.Length && (char.IsAsciiLetterOrDigit(value[i]) || value[i] is '-' or '.' or '_' or '~' or '+' or '/'))
        {
            i++;
        }

        if (i > tokenStart)
        {
            while (i < value.Length && value[i] == '=')
            {
                i++;
            }

            int end = i;
            SkipWhitespace(value, ref i);
            if (i >= value.Length || value[i] == ',')
            {
                return value[tokenStart..end];
            }
        }

        i = start;
        return null;
    }

    private static string ReadQuoted(string value, ref int i)
    {
        int start = i;
        i++;
        var sb = new StringBuilder();
        while (i < value.Length)
        {
            char c = value[i];
            if (c == '"')
            {
                i++;
                return sb.ToString();
            }

            if (c == '\\')
            {
                i++;
                if (i >= value.Length)
                {
                    break;
                }

                c = value[i];
            }

            if (c is '\r' or '\n' or '\0')
            {
                throw new DigestParseException("control character inside a quoted string", i);
            }

            sb.Append(c);
            i++;
        }

        throw new DigestParseException("unterminated quoted string", start);
    }

    private static string ReadToken(string value, ref int i)
    {
        int start = i;
        while (i < value.Length && IsTokenChar(value[i]))
        {
            i++;
        }

        return value[start..i];
    }

    internal static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.'
            or '^' or '_' or '`' or '|' or '~';

    private static void SkipWhitespace(string value, ref int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t')
        {
            i++;
        }
    }

    private static void SkipSeparators(string value, ref int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t' or ',')
        {
            i++;
        }
    }

    private static string Printable(char c) => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString();
}
