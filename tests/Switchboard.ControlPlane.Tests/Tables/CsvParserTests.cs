using Switchboard.ControlPlane.Tables;

namespace Switchboard.ControlPlane.Tests.Tables;

public sealed class CsvParserTests
{
    [Fact]
    public void Reads_rfc_4180_quoting_crlf_and_embedded_line_breaks()
    {
        var records = CsvParser.Parse("name,note\r\n\"Smith, Ann\",\"said \"\"hi\"\"\"\r\nBob,\"two\r\nlines\"\r\n,\r\n");
        Assert.Equal(4, records.Count);
        Assert.Equal(["name", "note"], records[0]);
        Assert.Equal(["Smith, Ann", "said \"hi\""], records[1]);
        Assert.Equal(["Bob", "two\r\nlines"], records[2]);
        Assert.Equal(["", ""], records[3]);
    }

    [Fact]
    public void Accepts_lf_a_missing_final_break_and_a_bom()
    {
        var records = CsvParser.Parse("\uFEFFa,b\n1,2");
        Assert.Equal(["a", "b"], records[0]);
        Assert.Equal(["1", "2"], records[1]);
    }

    [Theory]
    [InlineData("a,b\n\"open,2\n", "never closed")]
    [InlineData("a,b\n\"x\"y,2\n", "after a closing quote")]
    [InlineData("a,b\nx\"y,2\n", "quote inside an unquoted field")]
    public void Refuses_malformed_quoting_with_the_line(string csv, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => CsvParser.Parse(csv));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);
    }
}
