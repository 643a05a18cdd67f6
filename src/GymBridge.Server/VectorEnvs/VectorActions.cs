using GymBridge.Server.Errors;
using GymBridge.Server.Json;
using GymBridge.Values;
using GymBridge.Vector;

namespace GymBridge.Server.VectorEnvs;

/// <summary>
/// Checks the <c>actions</c> of a vector step (one per sub-env, each checked against the single action space as a
/// single-env step checks it) and hands them to the <see cref="VectorEnv"/>: written into its shared action buffer for
/// array spaces, as a list otherwise. A bad action is a 400 naming its index; nothing is stepped then.
/// </summary>
internal static class VectorActions
{
    /// <summary>Null when the actions are in the env's action buffer; else the list to pass to StepAsync.</summary>
    public static IReadOnlyList<GymValue>? Apply(VectorEnv env, GymValue actions)
    {
        var space = env.SingleActionSpace;
        var layout = VectorArrays.Layout(space);
        if (actions is NDArray array && layout is { } direct && array.DType == direct.DType
            && array.Shape.Count > 0 && array.Shape[0] == env.NumEnvs && array.Data.Length == VectorArrays.ActionBytes(env, direct.DType).Length)
        {
            array.Data.Span.CopyTo(VectorArrays.ActionBytes(env, direct.DType));
            return null;
        }

        var items = actions switch
        {
            NDArray batch => Rows(batch),
            { Kind: GymValueKind.List } => actions.AsList(),
            _ => throw ApiException.BadRequest($"The request parameter 'actions' must be a list of {env.NumEnvs} actions (one per env), got {actions.Kind.ToString().ToLowerInvariant()}."),
        };
        if (items.Count != env.NumEnvs)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorKinds.InvalidAction, $"Expected {env.NumEnvs} actions (one per env), got {items.Count}.");
        }

        var converted = new GymValue[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                converted[i] = ActionConverter.Convert(space, items[i]);
            }
            catch (ApiException error)
            {
                throw new ApiException(error.Status, error.Kind, $"actions[{i}]: {error.Message}");
            }
        }

        if (layout is not { } target)
        {
            return converted;
        }

        var buffer = VectorArrays.ActionBytes(env, target.DType);
        var perEnv = target.Shape.Aggregate(1, (a, b) => a * b);
        var values = new List<double>(perEnv);
        for (var i = 0; i < converted.Length; i++)
        {
            values.Clear();
            Flatten(converted[i], values);
            if (values.Count != perEnv)
            {
                throw ActionConverter.Invalid(space, items[i]);
            }

            for (var j = 0; j < perEnv; j++)
            {
                VectorArrays.Write(buffer, target.DType, (i * perEnv) + j, values[j]);
            }
        }

        return null;
    }

    private static GymValue[] Rows(NDArray batch)
    {
        if (batch.Shape.Count == 0)
        {
            throw ApiException.BadRequest("The request parameter 'actions' must have one action per env, got a 0-dimensional array.");
        }

        var rows = new GymValue[batch.Shape[0]];
        var perRow = rows.Length == 0 ? 0 : batch.Length / rows.Length;
        var rowBytes = perRow * batch.DType.ItemSize;
        int[] shape = [.. batch.Shape.Skip(1)];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = shape.Length == 0 && batch.DType.ClrType != typeof(float) && batch.DType.ClrType != typeof(double)
                ? (long)batch.GetDouble(i)
                : new NDArray(batch.DType, shape, batch.Data.Slice(i * rowBytes, rowBytes));
        }

        return rows;
    }

    private static void Flatten(GymValue value, List<double> values)
    {
        switch (value)
        {
            case NDArray array:
                for (var i = 0; i < array.Length; i++)
                {
                    values.Add(array.GetDouble(i));
                }

                break;
            case { Kind: GymValueKind.List }:
                foreach (var item in value.AsList())
                {
                    Flatten(item, values);
                }

                break;
            case { Kind: GymValueKind.Bool }:
                values.Add(value.AsBoolean() ? 1 : 0);
                break;
            default:
                values.Add(value.AsDouble());
                break;
        }
    }
}
