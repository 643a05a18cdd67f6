using GymBridge.Protocol;
using GymBridge.Values;
using MessagePack;

namespace GymBridge.Cluster.Wire;

/// <summary>
/// The one place where the library's values become the bytes grain calls carry: MessagePack through the
/// library's own GymValue formatter (the worker protocol's encoding), never JSON.
/// </summary>
internal static class ClusterCodec
{
    public static byte[] Encode(GymValue value) => MessagePackSerializer.Serialize(value, GymValueFormatter.WorkerOptions);

    public static GymValue Decode(byte[] bytes) => MessagePackSerializer.Deserialize<GymValue>(bytes, GymValueFormatter.WorkerOptions);

    public static byte[]? EncodeOptional(GymValue? value) => value is null ? null : Encode(value);

    public static GymValue? DecodeOptional(byte[]? bytes) => bytes is null ? null : Decode(bytes);

    public static GymMap DecodeMap(byte[] bytes) => Decode(bytes).AsMap();

    /// <summary>Per-env info records (env index, info) as one list of pairs.</summary>
    public static byte[] EncodeInfoRecords(IEnumerable<(int Env, GymMap Info)> records) =>
        Encode(GymValue.List([.. records.Select(r => GymValue.List([r.Env, r.Info]))]));

    public static IEnumerable<(int Env, GymMap Info)> DecodeInfoRecords(byte[] bytes, int offset) =>
        Decode(bytes).AsList().Select(r => (offset + r[0].AsInt32(), r[1].AsMap()));
}
