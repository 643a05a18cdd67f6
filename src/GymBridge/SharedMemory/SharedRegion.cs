using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;

namespace GymBridge.SharedMemory;

/// <summary>
/// Memory both this process and a worker map. On Linux it is a file in /dev/shm that is unlinked as
/// soon as the worker has mapped it, so nothing is left behind if either side dies; on Windows it is
/// a named mapping (untested).
/// </summary>
internal sealed unsafe class SharedRegion : IDisposable
{
    private static int s_counter;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly string? _path;
    private byte* _pointer;

    private SharedRegion(MemoryMappedFile file, string address, string? path, long size)
    {
        _file = file;
        _path = path;
        Address = address;
        Size = size;
        _view = file.CreateViewAccessor(0, size);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _pointer);
        _pointer += _view.PointerOffset;
    }

    /// <summary>What the worker opens: a path, or a mapping name on Windows.</summary>
    public string Address { get; }

    public long Size { get; }

    public static SharedRegion Create(string purpose, long size)
    {
        var name = $"gymbridge-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{purpose}";
        if (OperatingSystem.IsWindows())
        {
            return new SharedRegion(MemoryMappedFile.CreateNew(name, size), name, path: null, size);
        }

        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var path = Path.Combine(folder, name);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            stream.SetLength(size);
        }

        try
        {
            return new SharedRegion(MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, size, MemoryMappedFileAccess.ReadWrite), path, path, size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A little-endian u32 at <paramref name="offset"/>, for <see cref="Volatile"/> reads and writes.</summary>
    public ref uint UInt32At(int offset) => ref Unsafe.AsRef<uint>(_pointer + offset);

    public Span<byte> Span(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Size);
        return new Span<byte>(_pointer + offset, length);
    }

    /// <summary>Removes the name once the worker has mapped the region; the mappings stay valid.</summary>
    public void Unlink()
    {
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    public void Dispose()
    {
        if (_pointer != null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _pointer = null;
        }

        _view.Dispose();
        _file.Dispose();
        Unlink();
    }
}
