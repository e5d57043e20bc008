using Switchboard.Speech.Flite;

namespace Switchboard.Speech.Tests.Flite;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Sentences_are_released_only_once_complete()
    {
        var splitter = new SentenceSplitter();
        splitter.Append("It costs 3.5 dollars");
        Assert.False(splitter.TryTake(out _));
        splitter.Append(". Really?");
        Assert.True(splitter.TryTake(out string first));
        Assert.Equal("It costs 3.5 dollars.", first);
        Assert.False(splitter.TryTake(out _));
        Assert.True(splitter.Flush(out string rest));
        Assert.Equal("Really?", rest);
        Assert.False(splitter.Flush(out _));
    }

    [Fact]
    public void Line_breaks_end_sentences_and_punctuation_only_pieces_are_dropped()
    {
        var splitter = new SentenceSplitter();
        splitter.Append("Menu\n... \nPress one. ");
        Assert.True(splitter.TryTake(out string a));
        Assert.Equal("Menu", a);
        Assert.True(splitter.TryTake(out string b));
        Assert.Equal("Press one.", b);
        Assert.False(splitter.TryTake(out _));
    }
}
