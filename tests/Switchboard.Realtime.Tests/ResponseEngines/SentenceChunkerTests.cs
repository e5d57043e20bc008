using Switchboard.Realtime.ResponseEngines;

namespace Switchboard.Realtime.Tests.ResponseEngines;

public sealed class SentenceChunkerTests
{
    private static List<string> Run(IEnumerable<string> deltas)
    {
        var chunker = new SentenceChunker();
        var sentences = new List<string>();
        foreach (var d in deltas) sentences.AddRange(chunker.Add(d));
        if (chunker.Flush() is { } rest) sentences.Add(rest);
        return sentences;
    }

    private static IEnumerable<string> Characters(string text) => text.Select(c => c.ToString());

    [Fact]
    public void Emits_each_sentence_as_soon_as_it_is_complete()
    {
        var chunker = new SentenceChunker();
        Assert.Empty(chunker.Add("Hello there"));
        Assert.Empty(chunker.Add("!"));                  // complete only once what follows shows it is an end
        Assert.Equal(["Hello there!"], chunker.Add(" How"));
        Assert.Empty(chunker.Add(" can I help?"));
        Assert.Equal("How can I help?", chunker.Flush());
    }

    [Theory]
    [InlineData("It costs 3.50 dollars. Is that fine?", new[] { "It costs 3.50 dollars.", "Is that fine?" })]
    [InlineData("Dr. Smith sees you at 3 p.m. tomorrow. Bye.", new[] { "Dr. Smith sees you at 3 p.m. tomorrow.", "Bye." })]
    [InlineData("Call J. Doe, e.g. on Monday. Thanks!", new[] { "Call J. Doe, e.g. on Monday.", "Thanks!" })]
    [InlineData("Wait... what? Yes!", new[] { "Wait...", "what?", "Yes!" })]
    [InlineData("Line one\nLine two", new[] { "Line one", "Line two" })]
    [InlineData("  ", new string[0])]
    public void Splits_like_a_person_would_whatever_the_delta_sizes(string text, string[] expected)
    {
        Assert.Equal(expected, Run([text]));
        Assert.Equal(expected, Run(Characters(text)));
        Assert.Equal(expected, Run(text.Chunk(3).Select(c => new string(c))));
    }

    [Fact]
    public void Cuts_very_long_runs_at_a_comma_or_space()
    {
        var words = string.Join(", ", Enumerable.Repeat("and then the next thing happened", 20));
        var sentences = Run(Characters(words));
        Assert.True(sentences.Count > 1);
        Assert.All(sentences, s => Assert.True(s.Length <= SentenceChunker.MaxSentenceLength, s));
        Assert.Equal(words.Replace(" ", ""), string.Concat(sentences).Replace(" ", ""));
    }

    [Fact]
    public void Nothing_is_lost_or_duplicated()
    {
        var random = new Random(7);
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => random.Next(5) switch
        {
            0 => "Dr. ", 1 => $"{random.Next(100)}.{random.Next(10)} ", 2 => "Hello! ", 3 => "ok? ", _ => "word ",
        }));
        var pieces = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var n = Math.Min(text.Length - i, random.Next(1, 9));
            pieces.Add(text.Substring(i, n));
            i += n;
        }
        Assert.Equal(text.Replace(" ", ""), string.Concat(Run(pieces)).Replace(" ", ""));
    }
}
