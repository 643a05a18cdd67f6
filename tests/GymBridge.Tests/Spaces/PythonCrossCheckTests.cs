using GymBridge.Spaces;
using GymBridge.Values;
using Xunit;

namespace GymBridge.Tests.Spaces;

/// <summary>The C# spaces against the real gymnasium, through the worker's describe() and to_action().</summary>
public class PythonCrossCheckTests(PythonSpacesFixture python) : IClassFixture<PythonSpacesFixture>
{
    [Theory]
    [InlineData("CartPole-v1 action")]
    [InlineData("CartPole-v1 observation")]
    [InlineData("Pendulum-v1 action")]
    [InlineData("Pendulum-v1 observation")]
    [InlineData("Blackjack-v1 observation")]
    [InlineData("FrozenLake-v1 observation")]
    [InlineData("Taxi-v4 action")]
    [InlineData("Acrobot-v1 observation")]
    [InlineData("MountainCarContinuous-v0 observation")]
    [InlineData("nested")]
    [InlineData("int box")]
    [InlineData("uint8 image")]
    [InlineData("mixed box")]
    [InlineData("wide box")]
    [InlineData("half box")]
    [InlineData("multi-discrete")]
    [InlineData("text")]
    [InlineData("graph")]
    public void Python_descriptions_parse_and_print_as_gymnasium_repr(string name)
    {
        var (description, repr) = python.Spaces[name];
        var space = Space.FromDescription(description);
        Assert.Equal(repr, space.ToString());
        Assert.True(GymValue.DeepEquals(description, space.ToDescription()), $"{name}: the description does not round-trip");
    }

    [Fact]
    public void Random_python_boxes_print_as_gymnasium()
    {
        var mismatches = python.Spaces.Where(space => space.Key.StartsWith("random box", StringComparison.Ordinal))
            .Select(space => (Expected: space.Value.Repr, Actual: Space.FromDescription(space.Value.Description).ToString()))
            .Where(pair => pair.Expected != pair.Actual)
            .Select(pair => $"expected {pair.Expected}\n  actual {pair.Actual}");
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Csharp_samples_are_in_the_python_spaces()
    {
        var samples = new List<(string, GymValue)>();
        foreach (var (name, (description, _)) in python.Spaces)
        {
            var space = Space.FromDescription(description);
            if (space is UnsupportedSpace)
            {
                continue;
            }

            space.Seed(name.Length);
            samples.AddRange(Enumerable.Range(0, 20).Select(_ => (name, space.Sample())));
        }

        var checks = await python.CheckAsync(samples);

        var failures = samples.Zip(checks).Where(pair => !pair.Second.Contains || !pair.Second.Accepted)
            .Select(pair => $"{pair.First.Item1}: {pair.First.Item2} {pair.Second}");
        Assert.Empty(failures);
    }

    public static TheoryData<string, GymValue> Candidates => new()
    {
        { "CartPole-v1 action", 1 },
        { "CartPole-v1 action", 2 },
        { "CartPole-v1 action", -1 },
        { "CartPole-v1 action", true },
        { "CartPole-v1 action", 1.0 },
        { "CartPole-v1 action", 0.5 },
        { "CartPole-v1 action", "1" },
        { "CartPole-v1 action", GymValue.List(1) },
        { "CartPole-v1 action", NDArray.Scalar(1) },
        { "CartPole-v1 action", NDArray.Scalar(1UL) },
        { "CartPole-v1 action", NDArray.Scalar(1.0) },
        { "Pendulum-v1 action", GymValue.List(0.5) },
        { "Pendulum-v1 action", GymValue.List(2) },
        { "Pendulum-v1 action", GymValue.List(2.5) },
        { "Pendulum-v1 action", GymValue.List(0.5, 0.5) },
        { "Pendulum-v1 action", 0.5 },
        { "Pendulum-v1 action", GymValue.List("0.5") },
        { "Pendulum-v1 action", NDArray.From(new[] { 0.5f }) },
        { "Pendulum-v1 action", NDArray.From(new[] { 0.5 }) },
        { "Pendulum-v1 action", NDArray.From(new short[] { 1 }) },
        { "Pendulum-v1 action", NDArray.From(new[] { 1 }) },
        { "Pendulum-v1 action", GymValue.List(1e39) },
        { "int box", GymValue.List(1, 2, 3) },
        { "int box", GymValue.List(1, 2, 3.5) },
        { "int box", NDArray.From(new ulong[] { 1, 2, 3 }) },
        { "uint8 image", NDArray.From(new byte[48], 4, 4, 3) },
        { "multi-discrete", GymValue.List(4, 1, 299) },
        { "multi-discrete", GymValue.List(5, 1, 299) },
        { "multi-discrete", GymValue.List(4, 1, 299.0) },
        { "multi-discrete", GymValue.List(-1, 1, 299) },
        { "multi-discrete", NDArray.From(new byte[] { 1, 1, 1 }) },
        { "multi-discrete", NDArray.From(new short[] { 1, 1, 1 }) },
        { "nested", GymMap.Of(("inner", GymValue.List(-1, GymValue.List(GymValue.List(1, 0), GymValue.List(0, 1)), GymValue.List(GymValue.List(3, 3), GymValue.List(1, 0)))), ("it's", "abc"), ("position", GymValue.List(0.5, -0.5))) },
        { "nested", GymMap.Of(("inner", GymValue.List(-1, GymValue.List(GymValue.List(1, 0), GymValue.List(0, 2)), GymValue.List(GymValue.List(3, 3), GymValue.List(1, 0)))), ("it's", "abc"), ("position", GymValue.List(0.5, -0.5))) },
        { "nested", GymMap.Of(("inner", GymValue.List(-1, GymValue.List(GymValue.List(1, 0), GymValue.List(0, 1)), GymValue.List(GymValue.List(3, 3), GymValue.List(1, 0)))), ("it's", "abd"), ("position", GymValue.List(0.5, -0.5))) },
        { "nested", GymMap.Of(("it's", "abc"), ("position", GymValue.List(0.5, -0.5))) },
        { "text", "ab12" },
        { "text", "ab12x" },
        { "text", "a-" },
    };

    [Theory]
    [MemberData(nameof(Candidates))]
    public async Task Csharp_contains_agrees_with_what_the_worker_accepts(string name, GymValue value)
    {
        var space = Space.FromDescription(python.Spaces[name].Description);

        var check = (await python.CheckAsync([(name, value)]))[0];

        Assert.Equal(check.Accepted, space.Contains(value));
    }
}
