using GymBridge.Values;

namespace GymBridge.Server.Imaging;

/// <summary>Reads rgb_array frames (uint8 H×W×3, also H×W×4 and H×W) as packed RGB bytes.</summary>
internal static class Frames
{
    public static bool TryGetRgb(GymValue frame, out ReadOnlyMemory<byte> rgb, out int width, out int height)
    {
        rgb = default;
        width = height = 0;
        if (frame is not NDArray { } array || array.DType != DType.UInt8 || array.Shape.Count is not (2 or 3))
        {
            return false;
        }

        height = array.Shape[0];
        width = array.Shape[1];
        var channels = array.Shape.Count == 2 ? 1 : array.Shape[2];
        if (width == 0 || height == 0)
        {
            return false;
        }

        switch (channels)
        {
            case 3:
                rgb = array.Data;
                return true;
            case 1 or 4:
                var source = array.Data.Span;
                var packed = new byte[width * height * 3];
                for (var i = 0; i < width * height; i++)
                {
                    var offset = i * channels;
                    packed[(i * 3) + 0] = source[offset];
                    packed[(i * 3) + 1] = source[channels == 1 ? offset : offset + 1];
                    packed[(i * 3) + 2] = source[channels == 1 ? offset : offset + 2];
                }

                rgb = packed;
                return true;
            default:
                return false;
        }
    }
}
