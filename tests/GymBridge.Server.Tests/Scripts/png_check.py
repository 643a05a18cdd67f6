"""Decodes a PNG with the standard library (zlib, struct), checking its signature, every chunk's CRC and the
filters, and prints the RGB pixels' SHA-256 so the test can compare them with what it encoded.
usage: png_check.py FILE
"""
import hashlib
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "signature"
pos, chunks = 8, []
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
    assert zlib.crc32(kind + body) == crc, f"CRC of {kind}"
    chunks.append((kind, body))
    pos += 12 + length
assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
assert depth == 8 and colour == 2 and interlace == 0
raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
stride = width * 3
pixels, previous = bytearray(), bytearray(stride)
for y in range(height):
    kind, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if kind == 2:
        row = bytearray((a + b) & 0xFF for a, b in zip(row, previous))
    else:
        assert kind == 0, f"filter {kind}"
    pixels += row
    previous = row
print(width, height, hashlib.sha256(pixels).hexdigest())
