using System.Globalization;
using System.Text.Json.Nodes;
using Xunit;

namespace GymBridge.Server.Tests.TestSupport;

/// <summary>Compares a REST observation with the bit patterns rest_reference.py printed for gymnasium's.</summary>
internal static class RestObservations
{
    /// <summary>Parses the REST numbers at the observation's own width and compares bit patterns with Python's.</summary>
    public static void AssertSame(JsonNode expected, JsonNode actual, string where)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var flat = new List<JsonNode>();
        Flatten(actual, flat);
        var dtype = (string)expected["dtype"]!;
        if (dtype == "float32")
        {
            var bits = expected["bits"]!.AsArray().Select(b => (uint)b!).ToArray();
            Assert.Equal(bits.Length, flat.Count);
            for (var i = 0; i < bits.Length; i++)
            {
                var value = float.Parse(flat[i].ToJsonString(), CultureInfo.InvariantCulture);
                Assert.True(BitConverter.SingleToUInt32Bits(value) == bits[i], $"{where}[{i}]: REST {flat[i].ToJsonString()} is not Python's float32 {BitConverter.UInt32BitsToSingle(bits[i]):R}");
            }
        }
        else if (dtype == "float64")
        {
            var bits = expected["bits"]!.AsArray().Select(b => (ulong)b!).ToArray();
            Assert.Equal(bits.Length, flat.Count);
            for (var i = 0; i < bits.Length; i++)
            {
                Assert.Equal(bits[i], BitConverter.DoubleToUInt64Bits(double.Parse(flat[i].ToJsonString(), CultureInfo.InvariantCulture)));
            }
        }
        else
        {
            Assert.Equal(expected["values"]!.ToJsonString(), new JsonArray([.. flat.Select(n => n.DeepClone())]).ToJsonString());
        }
    }

    private static void Flatten(JsonNode node, List<JsonNode> into)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Flatten(item!, into);
            }
        }
        else
        {
            into.Add(node);
        }
    }
}
