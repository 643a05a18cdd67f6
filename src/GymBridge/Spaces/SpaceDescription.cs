using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>Reads the protocol's map form of a space; a malformed one is a <see cref="FormatException"/> naming where.</summary>
internal static class SpaceDescription
{
    private const string KnownTypes = "Discrete, Box, MultiBinary, MultiDiscrete, Tuple, Dict, Text, Unsupported";

    public static Space Parse(GymValue description, string path)
    {
        if (description is not GymMap map)
        {
            throw new FormatException($"Malformed space description at {path}: expected a map with a \"type\" key, got {description.Kind} {Shorten(description)}.");
        }

        if (!map.TryGetValue("type", out var typeValue) || typeValue.Kind != GymValueKind.String)
        {
            throw new FormatException($"Malformed space description at {path}: no \"type\" string in {Shorten(map)}.");
        }

        var reader = new Reader(map, path, typeValue.AsString());
        try
        {
            return reader.Type switch
            {
                "Discrete" => new DiscreteSpace(reader.Int("n"), reader.Int("start")),
                "Box" => ParseBox(reader),
                "MultiBinary" => new MultiBinarySpace(reader.Shape("shape")),
                "MultiDiscrete" => ParseMultiDiscrete(reader),
                "Tuple" => new TupleSpace(reader.List("spaces").Select((item, i) => Parse(item, $"{path}.spaces[{i}]"))),
                "Dict" => new DictSpace(reader.Map("spaces").Entries.Select(entry => ParseEntry(entry, path))),
                "Text" => new TextSpace(reader.Int32("max_length"), reader.Int32("min_length"), reader.String("charset")),
                "Unsupported" => new UnsupportedSpace(reader.String("repr")),
                _ => throw reader.Malformed($"unknown type (known: {KnownTypes})"),
            };
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or OverflowException)
        {
            throw reader.Malformed(e.Message, e);
        }
    }

    private static BoxSpace ParseBox(Reader reader)
    {
        var dtype = DType.Parse(reader.String("dtype"));
        var shape = reader.Shape("shape");
        var low = reader.Array("low");
        var high = reader.Array("high");
        foreach (var (name, bound) in new[] { ("low", low), ("high", high) })
        {
            if (bound.DType != dtype || !bound.Shape.SequenceEqual(shape))
            {
                throw reader.Malformed($"'{name}' is an ndarray of {bound.DType} with shape {PythonRepr.Shape(bound.Shape)}, but the space is {dtype} with shape {PythonRepr.Shape(shape)}");
            }
        }

        return new BoxSpace(low, high);
    }

    private static MultiDiscreteSpace ParseMultiDiscrete(Reader reader)
    {
        var dtype = DType.Parse(reader.String("dtype"));
        var nvec = reader.Array("nvec");
        if (nvec.DType != dtype)
        {
            throw reader.Malformed($"'nvec' is an ndarray of {nvec.DType}, but 'dtype' says {dtype}");
        }

        return new MultiDiscreteSpace(nvec, reader.Array("start"));
    }

    private static KeyValuePair<string, Space> ParseEntry(KeyValuePair<GymValue, GymValue> entry, string path)
    {
        if (entry.Key.Kind != GymValueKind.String)
        {
            throw new FormatException($"Malformed space description at {path} (Dict): the key {Shorten(entry.Key)} is not a string.");
        }

        var key = entry.Key.AsString();
        return new(key, Parse(entry.Value, $"{path}.spaces[{PythonRepr.String(key)}]"));
    }

    private static string Shorten(GymValue value)
    {
        var text = value.ToString() ?? string.Empty;
        return text.Length > 100 ? text[..97] + "..." : text;
    }

    private readonly record struct Reader(GymMap Fields, string Path, string Type)
    {
        public FormatException Malformed(string problem, Exception? inner = null) =>
            new($"Malformed space description at {Path} ({Type}): {problem.TrimEnd('.')}.", inner);

        public long Int(string key) => Get(key, GymValueKind.Int, "an int").AsInt64();

        public int Int32(string key) => checked((int)Int(key));

        public string String(string key) => Get(key, GymValueKind.String, "a string").AsString();

        public NDArray Array(string key) => Get(key, GymValueKind.Array, "an ndarray").AsArray();

        public IReadOnlyList<GymValue> List(string key) => Get(key, GymValueKind.List, "a list").AsList();

        public GymMap Map(string key) => Get(key, GymValueKind.Map, "a map").AsMap();

        public int[] Shape(string key)
        {
            var items = List(key);
            if (items.Any(item => item.Kind != GymValueKind.Int))
            {
                throw Malformed($"'{key}' must be a list of ints, got {Shorten(Fields[key])}");
            }

            return items.Select(item => item.AsInt32()).ToArray();
        }

        private GymValue Get(string key, GymValueKind kind, string wanted)
        {
            if (!Fields.TryGetValue(key, out var value))
            {
                throw Malformed($"missing '{key}' ({wanted})");
            }

            return value.Kind == kind ? value : throw Malformed($"'{key}' must be {wanted}, got {value.Kind} {Shorten(value)}");
        }
    }
}
