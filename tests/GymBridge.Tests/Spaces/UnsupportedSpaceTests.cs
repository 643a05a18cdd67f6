using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

public class UnsupportedSpaceTests
{
    private readonly UnsupportedSpace _space = new("Graph(Discrete(3), None)");

    [Fact]
    public void Prints_the_python_repr() => Assert.Equal("Graph(Discrete(3), None)", _space.ToString());

    [Fact]
    public void Cannot_check_or_sample_values_in_csharp()
    {
        var error = Assert.Throws<NotSupportedException>(() => _space.Contains(1));
        Assert.Contains("Graph(Discrete(3), None)", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => _space.Sample());
    }

    [Fact]
    public void Round_trips() => Assert.Equal("Graph(Discrete(3), None)", Space.FromDescription(_space.ToDescription()).ToString());
}
