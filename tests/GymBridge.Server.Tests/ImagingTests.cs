using GymBridge.Server.Imaging;
using GymBridge.Server.Tests.TestSupport;

namespace GymBridge.Server.Tests;

/// <summary>The PNG and JPEG encoders, checked by independent decoders (Python's zlib, ffmpeg).</summary>
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

    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 21)]
    [InlineData(600, 400)]
    public async Task Png_decodes_back_to_the_same_pixels_with_valid_crcs(int width, int height)
    {
        var rgb = Gradient(width, height);
        var file = Path.Combine(Path.GetTempPath(), $"gymbridge-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, PngEncoder.Encode(rgb, width, height));
        try
        {
            var (code, output, errors) = await Processes.PythonAsync("png_check.py", file);
            Assert.True(code == 0, errors);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(rgb));
            Assert.Equal($"{width} {height} {hash}", output.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(64, 48)]
    [InlineData(37, 21)] // not a multiple of 8: edge blocks
    [InlineData(600, 400)]
    public async Task Jpeg_decodes_with_ffmpeg_close_to_the_original(int width, int height)
    {
        var rgb = Gradient(width, height);
        var jpeg = new JpegEncoder(quality: 90).Encode(rgb, width, height);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var (code, decoded, errors) = await Processes.RunBinaryAsync("ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-f", "mjpeg", "-i", "-", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], jpeg);
        Assert.True(code == 0, errors);
        Assert.Equal(rgb.Length, decoded.Length);
        var meanError = rgb.Zip(decoded, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanError < 4, $"mean absolute error {meanError:0.00} per channel");
    }
}
