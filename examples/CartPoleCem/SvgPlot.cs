using System.Globalization;
using System.Text;

namespace CartPoleCem;

/// <summary>A hand-written SVG line chart of the learning curve (no libraries).</summary>
internal static class SvgPlot
{
    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;
    private const double MaxReturn = 500;

    public static string LearningCurve(IReadOnlyList<Iteration> curve, double threshold)
    {
        var lastIteration = Math.Max(2, curve.Count);
        double X(double iteration) => Left + ((iteration - 1) / (lastIteration - 1) * (Width - Left - Right));
        double Y(double value) => Height - Bottom - (value / MaxReturn * (Height - Top - Bottom));

        var svg = new StringBuilder();
        Line(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Line(svg, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        Line(svg, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">CartPole-v1, cross-entropy method (linear policy)</text>");
        for (var value = 0; value <= MaxReturn; value += 100)
        {
            Line(svg, $"<line x1=\"{Left}\" y1=\"{Y(value):F1}\" x2=\"{Width - Right}\" y2=\"{Y(value):F1}\" stroke=\"#ddd\"/>");
            Line(svg, $"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:F1}\" text-anchor=\"end\">{value}</text>");
        }

        var step = Math.Max(1, (int)Math.Ceiling(lastIteration / 10.0));
        for (var iteration = 1; iteration <= lastIteration; iteration += step)
        {
            Line(svg, $"<line x1=\"{X(iteration):F1}\" y1=\"{Height - Bottom}\" x2=\"{X(iteration):F1}\" y2=\"{Height - Bottom + 5}\" stroke=\"black\"/>");
            Line(svg, $"<text x=\"{X(iteration):F1}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{iteration}</text>");
        }

        Line(svg, $"<polyline points=\"{Left},{Top} {Left},{Height - Bottom} {Width - Right},{Height - Bottom}\" fill=\"none\" stroke=\"black\"/>");
        Line(svg, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">iteration</text>");
        Line(svg, $"<text transform=\"translate(16 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">episode return</text>");
        Line(svg, $"<line x1=\"{Left}\" y1=\"{Y(threshold):F1}\" x2=\"{Width - Right}\" y2=\"{Y(threshold):F1}\" stroke=\"#888\" stroke-dasharray=\"6 4\"/>");
        Series(svg, curve.Select(i => (X(i.Number), Y(i.EliteReturn))), "#d62728");
        Series(svg, curve.Select(i => (X(i.Number), Y(i.MeanReturn))), "#1f77b4");
        Legend(svg, 0, "#d62728", "elite mean return", dashed: false);
        Legend(svg, 1, "#1f77b4", "population mean return", dashed: false);
        Legend(svg, 2, "#888", $"threshold {threshold}", dashed: true);
        Line(svg, $"</svg>");
        return svg.ToString();
    }

    private static void Series(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color)
    {
        var list = points.ToList();
        Line(svg, $"<polyline points=\"{string.Join(' ', list.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:F1},{p.Y:F1}")))}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
        foreach (var (x, y) in list)
        {
            Line(svg, $"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"2.5\" fill=\"{color}\"/>");
        }
    }

    private static void Legend(StringBuilder svg, int row, string color, string label, bool dashed)
    {
        var y = Height - Bottom - 60 + (row * 18);
        var x = Width - Right - 190;
        Line(svg, $"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 24}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"2\"{(dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
        Line(svg, $"<text x=\"{x + 30}\" y=\"{y + 4}\">{label}</text>");
    }

    private static void Line(StringBuilder svg, FormattableString text) =>
        svg.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
