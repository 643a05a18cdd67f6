using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;

namespace GymBridge.Cluster.Silo;

/// <summary>
/// An env's key names the silo incarnation that made it: <c>TOKEN-RANDOM</c>, TOKEN being 8 hex digits of a hash of
/// the silo's address and generation. So where a key lives never needs a lookup (the placement director reads it),
/// and a key whose silo is gone is recognisably lost instead of silently re-made elsewhere.
/// </summary>
internal static class ClusterKeys
{
    private const int TokenLength = 8;

    public static string Token(SiloAddress silo)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(silo.ToParsableString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, TokenLength / 2));
    }

    public static string NewKey(string token) => $"{token}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>The silo token a key (or a silo grain's key, the token alone) begins with; null when the key has no valid one.</summary>
    public static string? TokenOf(string key)
    {
        var token = key.Length == TokenLength ? key : key.Length > TokenLength && key[TokenLength] == '-' ? key[..TokenLength] : null;
        return token is not null && token.All(char.IsAsciiHexDigitLower) ? token : null;
    }

    /// <summary>Whether <paramref name="key"/> has the form of an env key (<see cref="NewKey"/>); anything else names no env.</summary>
    public static bool IsEnvKey(string key) =>
        key.Length == 2 * TokenLength + 1 && TokenOf(key) is not null && key[(TokenLength + 1)..].All(char.IsAsciiHexDigitLower);

    public static SiloAddress? Find(string token, IEnumerable<SiloAddress> silos) => silos.FirstOrDefault(s => Token(s) == token);
}
