using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class TextSpaceTests
{
    [Fact]
    public void Contains_strings_of_allowed_length_and_characters()
    {
        var space = new TextSpace(3, minLength: 1, charset: "cab");
        Assert.True(space.Contains("a"));
        Assert.True(space.Contains("cab"));
        Assert.False(space.Contains(""));
        Assert.False(space.Contains("abca"));
        Assert.False(space.Contains("abd"));
        Assert.False(space.Contains(1));
    }

    [Fact]
    public void Counts_characters_as_python_does()
    {
        var space = new TextSpace(2, charset: "a😀");
        Assert.True(space.Contains("😀😀"));
        Assert.False(space.Contains("😀😀a"));
        Assert.Contains(space.Sample().AsString().EnumerateRunes().Count(), new[] { 1, 2 });
    }

    [Fact]
    public void Sorts_the_charset_and_prints_as_gymnasium()
    {
        Assert.Equal("abc", new TextSpace(3, charset: "cab").Charset);
        Assert.Equal("Text(1, 5, charset=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz)", new TextSpace(5).ToString());
        Assert.Equal("Text(0, 2, charset=ab)", new TextSpace(2, 0, "ba").ToString());
    }

    [Fact]
    public void Rejects_bad_lengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextSpace(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextSpace(2, 3));
    }

    [Fact]
    public void An_empty_charset_can_only_sample_the_empty_string()
    {
        Assert.Equal("", new TextSpace(0, 0, "").Sample().AsString());
        Assert.Throws<InvalidOperationException>(() => new TextSpace(2, 1, "").Sample());
    }
}
