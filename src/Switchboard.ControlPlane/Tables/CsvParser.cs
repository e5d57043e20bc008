using System.Text;

namespace Switchboard.ControlPlane.Tables;

/// <summary>
/// RFC 4180 CSV: comma-separated fields, CRLF (or LF) between records, fields optionally in double quotes
/// where a quote is written twice and commas and line breaks are literal. Strict: a stray quote, an
/// unterminated quoted field or text after a closing quote is an error with its line number.
/// </summary>
internal static class CsvParser
{
    public static List<string[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var recordStarted = false;

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                var quotedAt = line;
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException($"Line {quotedAt}: a quoted field is never closed.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                recordStarted = true;
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    throw new FormatException($"Line {line}: text after a closing quote; write a quote inside a quoted field as \"\".");
                continue;
            }
            if (c == '"') throw new FormatException($"Line {line}: a quote inside an unquoted field; quote the whole field and double the quote.");
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                recordStarted = true;
                i++;
                continue;
            }
            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                if (recordStarted || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    records.Add([.. fields]);
                }
                fields.Clear();
                field.Clear();
                recordStarted = false;
                line++;
                continue;
            }
            field.Append(c);
            recordStarted = true;
            i++;
        }
        if (recordStarted || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}
