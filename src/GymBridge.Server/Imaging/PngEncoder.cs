using System.Buffers.Binary;
using System.IO.Compression;

namespace GymBridge.Server.Imaging;

/// <summary>
/// The smallest PNG writer that serves rgb_array frames: 8-bit RGB, no interlace, filter type "Up" on every row
/// (cheap and effective on rendered scenes), one zlib IDAT chunk.
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="rgb">height × width × 3 bytes, row-major.</param>
    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height, CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = width * 3;
        if (rgb.Length != stride * height)
        {
            throw new ArgumentException($"An RGB image of {width}×{height} needs {stride * height} bytes, got {rgb.Length}.", nameof(rgb));
        }

        using var output = new MemoryStream((rgb.Length / 4) + 1024);
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        header[10] = 0; // compression
        header[11] = 0; // filter method
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        using var compressed = new MemoryStream((rgb.Length / 4) + 1024);
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            var row = new byte[stride + 1];
            for (var y = 0; y < height; y++)
            {
                var current = rgb.Slice(y * stride, stride);
                if (y == 0)
                {
                    row[0] = 0; // None
                    current.CopyTo(row.AsSpan(1));
                }
                else
                {
                    row[0] = 2; // Up
                    var previous = rgb.Slice((y - 1) * stride, stride);
                    for (var x = 0; x < stride; x++)
                    {
                        row[x + 1] = (byte)(current[x] - previous[x]);
                    }
                }

                zlib.Write(row);
            }
        }

        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(data, Crc32.Compute(type)));
        output.Write(word);
    }
}
