using System.Globalization;

namespace GymBridge.Benchmarks;

/// <summary>The benchmark programs' "--name value" switches.</summary>
public static class Arguments
{
    public static string GetText(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    public static double Get(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
