using System.Diagnostics;
using System.Globalization;
using GymBridge.Server.Errors;

namespace GymBridge.Server.Recording;

/// <summary>One MP4 file being encoded by an ffmpeg process that reads raw rgb24 frames from its stdin.</summary>
internal sealed class Mp4Writer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _errors;
    private readonly int _frameBytes;

    private Mp4Writer(Process process, string path, int width, int height)
    {
        _process = process;
        Path = path;
        Width = width;
        Height = height;
        _frameBytes = width * height * 3;
        _errors = process.StandardError.ReadToEndAsync();
    }

    public string Path { get; }

    public int Width { get; }

    public int Height { get; }

    public int Frames { get; private set; }

    public static Mp4Writer Start(string ffmpeg, string path, int width, int height, int framesPerSecond)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}",
            "-r", framesPerSecond.ToString(CultureInfo.InvariantCulture), "-i", "-",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
            path,
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
            return new Mp4Writer(process, path, width, height);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new ApiException(StatusCodes.Status500InternalServerError, ErrorKinds.RecordingFailed,
                $"Cannot run '{ffmpeg}' to record videos ({error.Message}); install ffmpeg (apt-get install ffmpeg) or set --ffmpeg.");
        }
    }

    public async ValueTask WriteFrameAsync(ReadOnlyMemory<byte> rgb, CancellationToken cancellationToken)
    {
        if (rgb.Length != _frameBytes)
        {
            return; // A frame of another size (the env changed resolution) cannot join this video.
        }

        try
        {
            await _process.StandardInput.BaseStream.WriteAsync(rgb, cancellationToken).ConfigureAwait(false);
            Frames++;
        }
        catch (IOException)
        {
            // ffmpeg exited early; its stderr is reported when the video is finished.
        }
    }

    /// <summary>Closes ffmpeg's input and waits for it to finish the file.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.BaseStream.FlushAsync().ConfigureAwait(false);
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _errors.ConfigureAwait(false);
        _process.Dispose();
    }
}
