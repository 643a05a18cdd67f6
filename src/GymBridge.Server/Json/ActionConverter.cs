using GymBridge.Server.Errors;
using GymBridge.Spaces;
using GymBridge.Values;

namespace GymBridge.Server.Json;

/// <summary>
/// Turns a decoded request value (JSON or MessagePack) into the action the env's space expects, checked first
/// on this side so a bad action is a 400 without a round trip: Discrete → int, Box → an ndarray of the space's
/// dtype and shape (a bare number is accepted for a one-element Box), other spaces as sent once they are
/// members. Spaces without a C# form are checked by the worker (its bad_action error is a 400 as well).
/// </summary>
internal static class ActionConverter
{
    public static GymValue Convert(Space space, GymValue action)
    {
        switch (space)
        {
            case DiscreteSpace discrete:
                if (action.Kind is GymValueKind.Int or GymValueKind.Float && discrete.Contains(action))
                {
                    return action.Kind == GymValueKind.Int ? action : (long)action.AsDouble();
                }

                break;
            case BoxSpace box:
                if (box.Low.Count == 1 && action.Kind is GymValueKind.Int or GymValueKind.Float)
                {
                    action = Nest(action, box.Shape.Count);
                }

                if (action is NDArray)
                {
                    if (box.Contains(action))
                    {
                        return action;
                    }

                    break;
                }

                if (box.Contains(action))
                {
                    var values = new List<double>(box.Low.Count);
                    Flatten(action, values);
                    return box.CreateAction(values.ToArray());
                }

                break;
            case UnsupportedSpace:
                return action;
            default:
                if (space.Contains(action))
                {
                    return action;
                }

                break;
        }

        throw Invalid(space, action);
    }

    public static ApiException Invalid(Space space, GymValue action) =>
        new(StatusCodes.Status400BadRequest, ErrorKinds.InvalidAction, $"{Describe(action)} invalid: not an element of the action space {space}");

    private static string Describe(GymValue action)
    {
        var text = action.ToString() ?? string.Empty;
        if (text.Length > 200)
        {
            text = text[..197] + "...";
        }

        return $"{text} ({action.Kind.ToString().ToLowerInvariant()})";
    }

    private static GymValue Nest(GymValue value, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            value = GymValue.List(value);
        }

        return value;
    }

    private static void Flatten(GymValue value, List<double> values)
    {
        if (value.Kind == GymValueKind.List)
        {
            foreach (var item in value.AsList())
            {
                Flatten(item, values);
            }
        }
        else
        {
            values.Add(value.AsDouble());
        }
    }
}
