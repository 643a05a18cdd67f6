using System.Text.RegularExpressions;
using System.Xml.Linq;
using GymBridge.ExamplesTests.TestSupport;

namespace GymBridge.ExamplesTests;

public sealed class CartPoleCemTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Trains_CartPole_to_the_threshold_and_plots_the_learning_curve()
    {
        var plot = Path.Combine(Path.GetTempPath(), $"cartpole-cem-{Guid.NewGuid():N}.svg");
        try
        {
            var run = await Examples.DotnetAsync("CartPoleCem", plot, "0");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.True(run.Number(@"^evaluation: average return (\S+) over 100 episodes") >= 475, run.ToString());
            var iterations = Regex.Matches(run.Output, @"^ +(\d+) +(\d+\.\d) +(\d+\.\d) +(\d+)$", RegexOptions.Multiline);
            Assert.NotEmpty(iterations);
            Assert.Equal(Enumerable.Range(1, iterations.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), iterations.Select(m => m.Groups[1].Value));

            var svg = XDocument.Load(plot); // throws unless well-formed
            Assert.Equal(Svg + "svg", svg.Root!.Name);
            var series = svg.Descendants(Svg + "polyline").Where(p => p.Attribute("stroke-width") is not null).ToList();
            Assert.Equal(2, series.Count); // elite and population mean, one point per iteration
            Assert.All(series, p => Assert.Equal(iterations.Count, p.Attribute("points")!.Value.Split(' ').Length));
        }
        finally
        {
            File.Delete(plot);
        }
    }
}
