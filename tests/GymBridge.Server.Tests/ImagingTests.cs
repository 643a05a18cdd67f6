using GymBridge.Server.Imaging;
using GymBridge.Server.Tests.TestSupport;
using GymBridge.Values;

namespace GymBridge.Server.Tests;

/// <summary>The PNG and JPEG images of frames (Skia's encoders), decoded by an independent decoder (ffmpeg).</summary>
public sealed class ImagingTests
{
    private static byte[] Gradient(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                rgb[i] = (byte)(x * 255 / Math.Max(1, width - 1));
                rgb[i + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                rgb[i + 2] = (byte)((x + y) % 64 < 32 ? 40 : 200);
            }
        }

        return rgb;
    }

    private static NDArray Frame(byte[] pixels, params int[] shape) => new(DType.UInt8, shape, pixels);

    /// <summary>Decodes an image with ffmpeg into packed RGB bytes.</summary>
    private static async Task<byte[]> DecodeAsync(byte[] image, string format)
    {
        var (code, decoded, errors) = await Processes.RunBinaryAsync("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-f", format, "-i", "-", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], image);
        Assert.True(code == 0, errors);
        return decoded;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 21)]
    [InlineData(600, 400)]
    public async Task Png_decodes_back_to_the_same_pixels(int width, int height)
    {
        var rgb = Gradient(width, height);
        var png = FrameEncoder.EncodePng(Frame(rgb, height, width, 3))!;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal(rgb, await DecodeAsync(png, "png_pipe"));
    }

    [Fact]
    public async Task Png_of_a_grey_frame_and_of_an_rgba_frame_keeps_their_colours_and_drops_alpha()
    {
        var grey = new byte[] { 0, 64, 128, 255, 10, 20 };
        var greyAsRgb = grey.SelectMany(v => new[] { v, v, v }).ToArray();
        Assert.Equal(greyAsRgb, await DecodeAsync(FrameEncoder.EncodePng(Frame(grey, 2, 3))!, "png_pipe"));

        var rgba = new byte[] { 1, 2, 3, 0, 200, 100, 50, 7, 9, 8, 7, 255 };
        Assert.Equal(new byte[] { 1, 2, 3, 200, 100, 50, 9, 8, 7 }, await DecodeAsync(FrameEncoder.EncodePng(Frame(rgba, 1, 3, 4))!, "png_pipe"));
    }

    [Theory]
    [InlineData(64, 48)]
    [InlineData(37, 21)] // not a multiple of 8: edge blocks
    [InlineData(600, 400)]
    public async Task Jpeg_decodes_close_to_the_original(int width, int height)
    {
        var rgb = Gradient(width, height);
        var jpeg = FrameEncoder.EncodeJpeg(Frame(rgb, height, width, 3), quality: 90)!;
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var decoded = await DecodeAsync(jpeg, "mjpeg");
        Assert.Equal(rgb.Length, decoded.Length);
        // Chroma is sampled once per 2×2 pixels (4:2:0, as cameras and browsers stream MJPEG): the test
        // pattern's hard blue stripes blur a little at their edges.
        var meanError = rgb.Zip(decoded, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 6, $"mean absolute error {meanError:0.00} per channel");
    }

    [Fact]
    public void What_is_not_an_image_has_no_png_or_jpeg()
    {
        GymValue[] notImages =
        [
            "ansi text",
            new NDArray(DType.Float32, [2, 2, 3], new byte[48]),
            Frame(new byte[12], 2, 3, 2), // two channels
            Frame([], 0, 4, 3),
            Frame(new byte[4], 4),
        ];
        Assert.All(notImages, frame =>
        {
            Assert.False(FrameEncoder.IsImage(frame));
            Assert.Null(FrameEncoder.EncodePng(frame));
            Assert.Null(FrameEncoder.EncodeJpeg(frame, 80));
        });
    }
}
