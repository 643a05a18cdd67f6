using GymBridge.Values;

namespace GymBridge.Protocol;

/// <summary>
/// Short string map keys read before, by their UTF-8 bytes: an env's info has the same keys every step, so a step reads
/// them without making a string and a value for each. Direct-mapped and bounded (at most <see cref="Slots"/> keys of
/// <see cref="MaxLength"/> bytes); a colliding key replaces the one in its slot. Entries are immutable, so threads share
/// the table without a lock (a reader sees the old entry or the new one).
/// </summary>
internal static class MapKeyCache
{
    public const int MaxLength = 48;

    private const int Slots = 128;

    private static readonly Entry?[] s_entries = new Entry?[Slots];

    public static bool TryGet(ReadOnlySpan<byte> utf8, out GymValue key)
    {
        var entry = s_entries[Slot(utf8)];
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
        {
            key = entry.Key;
            return true;
        }

        key = null!;
        return false;
    }

    public static void Add(ReadOnlySpan<byte> utf8, GymValue key)
    {
        if (utf8.Length <= MaxLength)
        {
            s_entries[Slot(utf8)] = new Entry(utf8.ToArray(), key);
        }
    }

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        var hash = (uint)utf8.Length;
        if (utf8.Length > 0)
        {
            hash = (((hash * 31) + utf8[0]) * 31 + utf8[utf8.Length / 2]) * 31 + utf8[^1];
        }

        return (int)((hash * 2654435769u) >> 25); // Fibonacci hashing onto the 128 slots
    }

    private sealed record Entry(byte[] Utf8, GymValue Key);
}
