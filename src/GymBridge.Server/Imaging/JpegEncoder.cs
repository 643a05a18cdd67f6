namespace GymBridge.Server.Imaging;

/// <summary>
/// A compact baseline JPEG encoder for the MJPEG stream: YCbCr 4:4:4, the standard (Annex K) quantization and
/// Huffman tables scaled by quality as libjpeg does, a separable floating-point DCT.
/// </summary>
/// <remarks>
/// Chosen over piping frames through an ffmpeg process because each frame then is one function call: no child
/// process per stream to start, feed, parse and reap, nothing to leak when a viewer disconnects.
/// </remarks>
internal sealed class JpegEncoder
{
    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    private static readonly byte[] LuminanceQuantization =
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static readonly byte[] ChrominanceQuantization =
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    private static readonly byte[] DcLuminanceBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcChrominanceBits = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    private static readonly byte[] DcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    private static readonly byte[] AcLuminanceBits = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];

    private static readonly byte[] AcLuminanceValues =
    [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
        0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
        0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
        0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
        0xf9, 0xfa,
    ];

    private static readonly byte[] AcChrominanceBits = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];

    private static readonly byte[] AcChrominanceValues =
    [
        0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
        0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
        0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
        0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
        0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
        0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
        0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
        0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
        0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
        0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
        0xf9, 0xfa,
    ];

    private static readonly float[] Cosines = BuildCosines();
    private static readonly HuffmanTable DcLuminance = new(DcLuminanceBits, DcValues);
    private static readonly HuffmanTable DcChrominance = new(DcChrominanceBits, DcValues);
    private static readonly HuffmanTable AcLuminance = new(AcLuminanceBits, AcLuminanceValues);
    private static readonly HuffmanTable AcChrominance = new(AcChrominanceBits, AcChrominanceValues);

    private readonly byte[] _luminanceTable;
    private readonly byte[] _chrominanceTable;

    /// <param name="quality">1 (smallest) to 100 (best), libjpeg's scale.</param>
    public JpegEncoder(int quality = 80)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        var scale = quality < 50 ? 5000 / quality : 200 - (2 * quality);
        _luminanceTable = Scale(LuminanceQuantization, scale);
        _chrominanceTable = Scale(ChrominanceQuantization, scale);
    }

    /// <param name="rgb">height × width × 3 bytes, row-major.</param>
    public byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 65535);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, 65535);
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"An RGB image of {width}×{height} needs {width * height * 3} bytes, got {rgb.Length}.", nameof(rgb));
        }

        var output = new MemoryStream((width * height / 4) + 1024);
        WriteHeaders(output, width, height);
        var bits = new BitWriter(output);
        Span<float> y = stackalloc float[64];
        Span<float> cb = stackalloc float[64];
        Span<float> cr = stackalloc float[64];
        Span<float> scratch = stackalloc float[64];
        Span<int> quantized = stackalloc int[64];
        int previousY = 0, previousCb = 0, previousCr = 0;
        for (var blockY = 0; blockY < height; blockY += 8)
        {
            for (var blockX = 0; blockX < width; blockX += 8)
            {
                LoadBlock(rgb, width, height, blockX, blockY, y, cb, cr);
                previousY = EncodeBlock(ref bits, y, scratch, quantized, _luminanceTable, previousY, DcLuminance, AcLuminance);
                previousCb = EncodeBlock(ref bits, cb, scratch, quantized, _chrominanceTable, previousCb, DcChrominance, AcChrominance);
                previousCr = EncodeBlock(ref bits, cr, scratch, quantized, _chrominanceTable, previousCr, DcChrominance, AcChrominance);
            }
        }

        bits.Finish();
        output.WriteByte(0xFF);
        output.WriteByte(0xD9);
        return output.ToArray();
    }

    private static byte[] Scale(byte[] table, int scale)
    {
        var scaled = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            scaled[i] = (byte)Math.Clamp(((table[i] * scale) + 50) / 100, 1, 255);
        }

        return scaled;
    }

    private static float[] BuildCosines()
    {
        var c = new float[64];
        for (var u = 0; u < 8; u++)
        {
            var cu = u == 0 ? 1 / Math.Sqrt(2) : 1;
            for (var x = 0; x < 8; x++)
            {
                c[(u * 8) + x] = (float)(0.5 * cu * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return c;
    }

    private static void LoadBlock(ReadOnlySpan<byte> rgb, int width, int height, int blockX, int blockY, Span<float> y, Span<float> cb, Span<float> cr)
    {
        for (var row = 0; row < 8; row++)
        {
            var py = Math.Min(blockY + row, height - 1);
            for (var col = 0; col < 8; col++)
            {
                var px = Math.Min(blockX + col, width - 1);
                var offset = ((py * width) + px) * 3;
                float r = rgb[offset], g = rgb[offset + 1], b = rgb[offset + 2];
                var i = (row * 8) + col;
                y[i] = (0.299f * r) + (0.587f * g) + (0.114f * b) - 128;
                cb[i] = (-0.168736f * r) - (0.331264f * g) + (0.5f * b);
                cr[i] = (0.5f * r) - (0.418688f * g) - (0.081312f * b);
            }
        }
    }

    private static int EncodeBlock(ref BitWriter bits, Span<float> block, Span<float> scratch, Span<int> quantized, byte[] table,
        int previousDc, HuffmanTable dc, HuffmanTable ac)
    {
        // Rows: scratch[x, u] = sum_y block[y][x]... written as two 1-D passes of the separable DCT.
        for (var row = 0; row < 8; row++)
        {
            for (var u = 0; u < 8; u++)
            {
                float sum = 0;
                for (var x = 0; x < 8; x++)
                {
                    sum += Cosines[(u * 8) + x] * block[(row * 8) + x];
                }

                scratch[(row * 8) + u] = sum;
            }
        }

        for (var u = 0; u < 8; u++)
        {
            for (var v = 0; v < 8; v++)
            {
                float sum = 0;
                for (var row = 0; row < 8; row++)
                {
                    sum += Cosines[(v * 8) + row] * scratch[(row * 8) + u];
                }

                block[(v * 8) + u] = sum;
            }
        }

        for (var k = 0; k < 64; k++)
        {
            var natural = ZigZag[k];
            quantized[k] = (int)MathF.Round(block[natural] / table[natural]);
        }

        var diff = quantized[0] - previousDc;
        var category = Category(diff);
        bits.Write(dc.Codes[category], dc.Sizes[category]);
        if (category > 0)
        {
            bits.Write(Amplitude(diff, category), category);
        }

        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = quantized[k];
            if (value == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                bits.Write(ac.Codes[0xF0], ac.Sizes[0xF0]);
                run -= 16;
            }

            var size = Category(value);
            var symbol = (run << 4) | size;
            bits.Write(ac.Codes[symbol], ac.Sizes[symbol]);
            bits.Write(Amplitude(value, size), size);
            run = 0;
        }

        if (run > 0)
        {
            bits.Write(ac.Codes[0x00], ac.Sizes[0x00]);
        }

        return quantized[0];
    }

    private static int Category(int value)
    {
        var magnitude = Math.Abs(value);
        return magnitude == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)magnitude);
    }

    private static int Amplitude(int value, int size) => value >= 0 ? value : value + (1 << size) - 1;

    private void WriteHeaders(Stream output, int width, int height)
    {
        output.Write([0xFF, 0xD8]);
        output.Write([0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        output.Write([0xFF, 0xDB, 0, 132, 0]);
        foreach (var index in ZigZag)
        {
            output.WriteByte(_luminanceTable[index]);
        }

        output.WriteByte(1);
        foreach (var index in ZigZag)
        {
            output.WriteByte(_chrominanceTable[index]);
        }

        output.Write([0xFF, 0xC0, 0, 17, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
        var tables = new (byte Id, byte[] Bits, byte[] Values)[]
        {
            (0x00, DcLuminanceBits, DcValues), (0x10, AcLuminanceBits, AcLuminanceValues),
            (0x01, DcChrominanceBits, DcValues), (0x11, AcChrominanceBits, AcChrominanceValues),
        };
        var length = 2 + tables.Sum(t => 17 + t.Values.Length);
        output.Write([0xFF, 0xC4, (byte)(length >> 8), (byte)length]);
        foreach (var (id, bits, values) in tables)
        {
            output.WriteByte(id);
            output.Write(bits);
            output.Write(values);
        }

        output.Write([0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    }

    /// <summary>A Huffman table's code and code length per symbol, built from the spec's BITS and HUFFVAL lists.</summary>
    private sealed class HuffmanTable
    {
        public HuffmanTable(byte[] bits, byte[] values)
        {
            var code = 0;
            var k = 0;
            for (var length = 1; length <= 16; length++)
            {
                for (var i = 0; i < bits[length - 1]; i++)
                {
                    Codes[values[k]] = code;
                    Sizes[values[k]] = length;
                    code++;
                    k++;
                }

                code <<= 1;
            }
        }

        public int[] Codes { get; } = new int[256];

        public int[] Sizes { get; } = new int[256];
    }

    /// <summary>Writes bits most-significant first, stuffing a zero byte after every 0xFF.</summary>
    private struct BitWriter(Stream output)
    {
        private uint _buffer;
        private int _count;

        public void Write(int value, int size)
        {
            _buffer = (_buffer << size) | ((uint)value & ((1u << size) - 1));
            _count += size;
            while (_count >= 8)
            {
                var b = (byte)(_buffer >> (_count - 8));
                output.WriteByte(b);
                if (b == 0xFF)
                {
                    output.WriteByte(0);
                }

                _count -= 8;
            }
        }

        public void Finish()
        {
            if (_count > 0)
            {
                Write(0x7F, 8 - _count);
            }
        }
    }
}
