using GymBridge.Server.Errors;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>Typed access to request parameters (a decoded JSON or MessagePack object), with the legacy server's messages.</summary>
internal static class Parameters
{
    public static string RequiredString(GymMap parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var value) || value.IsNone || (value.Kind == GymValueKind.String && value.AsString().Length == 0))
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
            GymValueKind.Int => value.AsInt64(),
            GymValueKind.Float when Math.Floor(value.AsDouble()) == value.AsDouble() && Math.Abs(value.AsDouble()) < 9e15 => (long)value.AsDouble(),
            _ => throw WrongType(name, "an integer", value),
        };
    }

    public static bool OptionalBool(GymMap parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Kind switch
        {
            GymValueKind.None => false,
            GymValueKind.Bool => value.AsBoolean(),
            GymValueKind.Int => value.AsInt64() != 0,
            _ => throw WrongType(name, "a boolean", value),
        };

    public static GymMap? OptionalMap(GymMap parameters, string name) =>
        !parameters.TryGetValue(name, out var value) || value.IsNone ? null
        : value as GymMap ?? throw WrongType(name, "an object", value);

    private static ApiException WrongType(string name, string wanted, GymValue value) =>
        new(StatusCodes.Status400BadRequest, ErrorKinds.BadRequest, $"The request parameter '{name}' must be {wanted}, got {value.Kind.ToString().ToLowerInvariant()} {value}");
}
