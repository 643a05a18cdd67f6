using GymBridge.Values;

namespace GymBridge.Spaces;

/// <summary>NumPy's <c>np.can_cast(from, to)</c> with the default "safe" casting, which gymnasium's contains uses.</summary>
internal static class DTypeCasting
{
    public static bool CanCastSafely(DType from, DType to)
    {
        if (from == to || from == DType.Bool)
        {
            return true;
        }

        if (to == DType.Bool)
        {
            return false;
        }

        var fromKind = from.Code[1];
        var toKind = to.Code[1];
        return (fromKind, toKind) switch
        {
            ('f', 'f') => to.ItemSize >= from.ItemSize,
            ('f', _) => false,
            // An int fits a float with more bytes (int8 in float16, int16 in float32...); int64 is allowed into float64.
            (_, 'f') => to.ItemSize > from.ItemSize || to.ItemSize == 8,
            ('i', 'u') => false,
            ('u', 'i') => to.ItemSize > from.ItemSize,
            _ => to.ItemSize >= from.ItemSize,
        };
    }
}
