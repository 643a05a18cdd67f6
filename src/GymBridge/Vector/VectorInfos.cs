using System.Buffers.Binary;
using GymBridge.Values;

namespace GymBridge.Vector;

/// <summary>
/// Builds a vector env's infos from its envs' own info dicts exactly as gymnasium's
/// <c>VectorEnv._add_info</c> does, over the global env numbering: each key's array takes the type of the
/// first env that has it (Python int → int64, float → float64, bool → bool, NumPy scalar → its dtype,
/// ndarray → stacked, anything else → a per-env list), later values are cast into it as NumPy would,
/// <c>_key</c> masks follow their key, nested dicts recurse, and <c>final_obs</c> is a per-env list.
/// Slices record their envs' infos instead of joining them, because the first env of a key may be in another slice.
/// </summary>
internal sealed class VectorInfos
{
    private readonly int _numEnvs;
    private readonly List<KeyValuePair<string, object>> _entries = [];

    private VectorInfos(int numEnvs) => _numEnvs = numEnvs;

    /// <param name="records">(env index, that env's info) in the order gymnasium would have joined them.</param>
    /// <param name="numEnvs">How many envs the vector has.</param>
    public static GymMap Build(IEnumerable<(int Env, GymMap Info)> records, int numEnvs)
    {
        var root = new VectorInfos(numEnvs);
        foreach (var (env, info) in records)
        {
            root.Add(info, env);
        }

        return root.ToMap();
    }

    private void Add(GymMap info, int env)
    {
        foreach (var (keyValue, value) in info.Entries)
        {
            var key = keyValue.ToString() ?? string.Empty;
            object slot;
            if (key == "final_obs")
            {
                var list = Get(key) as GymValue[] ?? NewList();
                list[env] = value;
                slot = list;
            }
            else if (value is GymMap nested)
            {
                var node = Get(key) as VectorInfos ?? new VectorInfos(_numEnvs);
                node.Add(nested, env);
                slot = node;
            }
            else
            {
                slot = Get(key) ?? NewSlotFor(value);
                if (slot is TypedColumn column)
                {
                    column.Set(env, value);
                }
                else
                {
                    ((GymValue[])slot)[env] = Plain(value);
                }
            }

            var mask = Get("_" + key) as TypedColumn ?? new TypedColumn(DType.Bool, [_numEnvs]);
            mask.Set(env, true);
            Put(key, slot);
            Put("_" + key, mask);
        }
    }

    private object NewSlotFor(GymValue first) => first switch
    {
        NDArray { Shape.Count: 0 } scalar => new TypedColumn(scalar.DType, [_numEnvs]),
        NDArray array => new TypedColumn(array.DType, [_numEnvs, .. array.Shape]),
        { Kind: GymValueKind.Bool } => new TypedColumn(DType.Bool, [_numEnvs]),
        { Kind: GymValueKind.Int } => new TypedColumn(DType.Int64, [_numEnvs]),
        { Kind: GymValueKind.Float } => new TypedColumn(DType.Float64, [_numEnvs]),
        _ => NewList(),
    };

    private GymValue[] NewList() => Enumerable.Repeat(GymValue.None, _numEnvs).ToArray();

    /// <summary>A NumPy scalar (sent as a 0-d array to keep its dtype) is a plain number inside a list, as on the wire.</summary>
    private static GymValue Plain(GymValue value) => value is NDArray { Shape.Count: 0 } scalar
        ? scalar.DType == DType.Bool ? scalar.GetDouble(0) != 0 : scalar.DType.IsInteger ? (long)scalar.GetDouble(0) : scalar.GetDouble(0)
        : value;

    private object? Get(string key) => _entries.FirstOrDefault(e => e.Key == key).Value;

    private void Put(string key, object slot)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        if (index < 0)
        {
            _entries.Add(new(key, slot));
        }
        else
        {
            _entries[index] = new(key, slot);
        }
    }

    private GymMap ToMap() => new([.. _entries.Select(e => new KeyValuePair<GymValue, GymValue>(e.Key, e.Value switch
    {
        TypedColumn column => column.ToArray(),
        VectorInfos node => node.ToMap(),
        GymValue[] list => GymValue.List(list),
        _ => throw new InvalidOperationException("unreachable"),
    }))]);

    /// <summary>A NumPy array of shape (N, ...) that values are assigned into row by row, with NumPy's casts.</summary>
    private sealed class TypedColumn(DType dtype, int[] shape)
    {
        private readonly int _rowLength = shape.Skip(1).Aggregate(1, (a, b) => a * b);
        private readonly byte[] _data = new byte[shape.Aggregate(dtype.ItemSize, (a, b) => a * b)];

        public void Set(int row, GymValue value)
        {
            var offset = row * _rowLength;
            if (value is NDArray array)
            {
                for (var i = 0; i < Math.Min(_rowLength, array.Length); i++)
                {
                    Write(offset + i, array.GetDouble(i));
                }
            }
            else if (value.Kind == GymValueKind.Int && dtype.IsInteger)
            {
                WriteInteger(offset, value.AsInt64());
            }
            else if (value.Kind is GymValueKind.Int or GymValueKind.Float or GymValueKind.Bool)
            {
                Write(offset, value.AsDouble());
            }
        }

        public NDArray ToArray() => new(dtype, shape, _data);

        private void Write(int index, double value)
        {
            if (dtype.IsInteger)
            {
                WriteInteger(index, (long)Math.Truncate(value)); // NumPy truncates a float toward zero in an int array
                return;
            }

            var at = _data.AsSpan(index * dtype.ItemSize);
            switch (dtype.ItemSize)
            {
                case 1: at[0] = value != 0 ? (byte)1 : (byte)0; break; // bool
                case 2: BinaryPrimitives.WriteHalfLittleEndian(at, (Half)value); break;
                case 4: BinaryPrimitives.WriteSingleLittleEndian(at, (float)value); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(at, value); break;
            }
        }

        private void WriteInteger(int index, long value) =>
            BitConverter.GetBytes(value).AsSpan(0, dtype.ItemSize).CopyTo(_data.AsSpan(index * dtype.ItemSize));
    }
}
