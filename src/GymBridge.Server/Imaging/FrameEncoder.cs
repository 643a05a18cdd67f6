using System.Buffers;
using GymBridge.Values;
using SkiaSharp;

namespace GymBridge.Server.Imaging;

/// <summary>
/// PNG and JPEG images of rgb_array frames (uint8 H×W×3, also H×W×4 with the alpha channel ignored, and H×W
/// grey), encoded by Skia. Skia has no 24-bit pixel format, so an RGB frame is widened to RGB plus an unused
/// byte in a pooled buffer; the other two layouts are encoded where they lie.
/// </summary>
internal static unsafe class FrameEncoder
{
    /// <summary>
    /// zlib level 1 and the Up filter on every row: on a CartPole frame as fast as the server's first, hand-written
    /// PNG writer and smaller; letting libpng choose a filter per row, or a higher level, costs 3–6 times the time
    /// (docs/rest.md, "Frames").
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Up, zLibLevel: 1);

    /// <summary>Whether <paramref name="frame"/> is an image this encoder takes.</summary>
    public static bool IsImage(GymValue frame) => TryGetLayout(frame, out _, out _);

    /// <summary>The frame as a PNG, or null when it is not an image (<see cref="IsImage"/>).</summary>
    public static byte[]? EncodePng(GymValue frame) => Encode(frame, static pixmap => pixmap.Encode(PngOptions));

    /// <summary>The frame as a baseline JPEG of <paramref name="quality"/> (1–100), chroma 4:2:0, or null when it is not an image.</summary>
    public static byte[]? EncodeJpeg(GymValue frame, int quality)
    {
        var options = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        return Encode(frame, pixmap => pixmap.Encode(options));
    }

    private static byte[]? Encode(GymValue frame, Func<SKPixmap, SKData?> encode)
    {
        if (!TryGetLayout(frame, out var array, out var channels))
        {
            return null;
        }

        var (height, width) = (array.Shape[0], array.Shape[1]);
        var colorType = channels == 1 ? SKColorType.Gray8 : SKColorType.Rgb888x;
        var info = new SKImageInfo(width, height, colorType, SKAlphaType.Opaque);
        byte[]? widened = null;
        try
        {
            var pixels = array.Data.Span;
            if (channels == 3)
            {
                widened = ArrayPool<byte>.Shared.Rent(width * height * 4);
                Widen(pixels, widened);
                pixels = widened.AsSpan(0, width * height * 4);
            }

            fixed (byte* start = pixels)
            {
                using var pixmap = new SKPixmap(info, (nint)start, info.RowBytes);
                using var data = encode(pixmap) ?? throw new InvalidOperationException($"Skia could not encode a {width}×{height} {colorType} frame.");
                return data.ToArray();
            }
        }
        finally
        {
            if (widened is not null)
            {
                ArrayPool<byte>.Shared.Return(widened);
            }
        }
    }

    /// <summary>The frame's pixels as RGBA bytes, alpha 255, row by row (unrenormalizable's render_frame); null when it is not an image.</summary>
    public static byte[]? ToRgba(GymValue frame, out int width, out int height)
    {
        width = height = 0;
        if (!TryGetLayout(frame, out var array, out var channels))
        {
            return null;
        }

        (height, width) = (array.Shape[0], array.Shape[1]);
        var pixels = array.Data.Span;
        var rgba = new byte[width * height * 4];
        if (channels == 3)
        {
            Widen(pixels, rgba);
            return rgba;
        }

        for (int from = 0, to = 0; to < rgba.Length; from += channels, to += 4)
        {
            rgba[to] = pixels[from];
            rgba[to + 1] = pixels[channels == 1 ? from : from + 1];
            rgba[to + 2] = pixels[channels == 1 ? from : from + 2];
            rgba[to + 3] = 0xFF;
        }

        return rgba;
    }

    private static bool TryGetLayout(GymValue frame, out NDArray array, out int channels)
    {
        array = (frame as NDArray)!;
        channels = 0;
        if (array is null || array.DType != DType.UInt8 || array.Shape.Count is not (2 or 3) || array.Shape[0] == 0 || array.Shape[1] == 0)
        {
            return false;
        }

        channels = array.Shape.Count == 2 ? 1 : array.Shape[2];
        return channels is 1 or 3 or 4;
    }

    /// <summary>RGB to RGB plus an unused byte (Skia's <see cref="SKColorType.Rgb888x"/>).</summary>
    private static void Widen(ReadOnlySpan<byte> rgb, Span<byte> rgbx)
    {
        for (int from = 0, to = 0; from + 2 < rgb.Length; from += 3, to += 4)
        {
            rgbx[to] = rgb[from];
            rgbx[to + 1] = rgb[from + 1];
            rgbx[to + 2] = rgb[from + 2];
            rgbx[to + 3] = 0xFF;
        }
    }
}
