using System.Globalization;
using GymBridge.Server.Errors;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>Typed access to request parameters (a decoded JSON or MessagePack object), with the legacy server's messages.</summary>
internal static class Parameters
{
    public static string RequiredString(GymMap parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var value) || value.IsNone || (value.Kind == GymValueKind.String && string.IsNullOrWhiteSpace(value.AsString())))
        {
            throw ApiException.MissingParameter(name);
        }

        return value.Kind == GymValueKind.String ? value.AsString() : throw WrongType(name, "a string", value);
    }

    public static string? OptionalString(GymMap parameters, string name) =>
        !parameters.TryGetValue(name, out var value) || value.IsNone ? null
        : value.Kind == GymValueKind.String ? value.AsString()
        : throw WrongType(name, "a string", value);

    public static long? OptionalInt(GymMap parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var value) || value.IsNone)
        {
            return null;
        }

        return value.Kind switch
        {
            GymValueKind.Int => Int64(value) ?? throw WrongType(name, "an integer of at most 63 bits", value),
            GymValueKind.Float when Math.Floor(value.AsDouble()) == value.AsDouble() && Math.Abs(value.AsDouble()) < 9e15 => (long)value.AsDouble(),
            _ => throw WrongType(name, "an integer", value),
        };
    }

    /// <summary>
    /// A seed: a non-negative integer. unrenormalizable's clients send <c>""</c> for "no seed" and integers as
    /// strings (<c>"42"</c>); both are read so. Anything else is a 400.
    /// </summary>
    public static long? OptionalSeed(GymMap parameters)
    {
        long? seed;
        if (parameters.TryGetValue("seed", out var value) && value.Kind == GymValueKind.String)
        {
            var text = value.AsString().Trim();
            seed = text.Length == 0 ? null
                : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed
                : throw WrongType("seed", "an integer", value);
        }
        else
        {
            seed = OptionalInt(parameters, "seed");
        }

        return seed < 0 ? throw WrongType("seed", "a non-negative integer", value!) : seed;
    }

    public static bool OptionalBool(GymMap parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Kind switch
        {
            GymValueKind.None => false,
            GymValueKind.Bool => value.AsBoolean(),
            GymValueKind.Int => Int64(value) != 0,
            _ => throw WrongType(name, "a boolean", value),
        };

    public static GymMap? OptionalMap(GymMap parameters, string name) =>
        !parameters.TryGetValue(name, out var value) || value.IsNone ? null
        : value as GymMap ?? throw WrongType(name, "an object", value);

    /// <summary>The value of an int, or null for a uint64 above long.MaxValue (what MessagePack can carry).</summary>
    private static long? Int64(GymValue value)
    {
        try
        {
            return value.AsInt64();
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static ApiException WrongType(string name, string wanted, GymValue value) =>
        new(StatusCodes.Status400BadRequest, ErrorKinds.BadRequest, $"The request parameter '{name}' must be {wanted}, got {value.Kind.ToString().ToLowerInvariant()} {value}");
}
