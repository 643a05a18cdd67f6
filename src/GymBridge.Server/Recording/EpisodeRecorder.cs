using System.Globalization;
using GymBridge.Server.Instances;
using GymBridge.Values;

namespace GymBridge.Server.Recording;

/// <summary>
/// Records an env's episodes to MP4 while /monitor/start is on: after each reset of a scheduled episode it starts
/// an ffmpeg encoder, feeds it the rgb_array frame after the reset and after every step, and finishes the file
/// when the episode ends or the monitor closes. Used under the env's gate, so one call at a time.
/// </summary>
public sealed class EpisodeRecorder : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _filePrefix;
    private readonly VideoSchedule _schedule;
    private readonly string _ffmpeg;
    private readonly int _framesPerSecond;
    private readonly List<string> _videos = [];
    private Mp4Writer? _writer;
    private long _episode = -1;

    public EpisodeRecorder(string directory, string instanceId, VideoSchedule schedule, string ffmpeg, int framesPerSecond)
    {
        _directory = directory;
        _filePrefix = $"gymbridge.video.{instanceId}";
        _schedule = schedule;
        _ffmpeg = ffmpeg;
        _framesPerSecond = framesPerSecond;
    }

    public string Directory => _directory;

    /// <summary>The finished video files, in order.</summary>
    public IReadOnlyList<string> Videos => _videos;

    /// <summary>Deletes earlier recordings in the directory (the <c>force</c> flag).</summary>
    public static void Clear(string directory)
    {
        foreach (var pattern in new[] { "gymbridge.video.*", "openaigym.*" })
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory, pattern))
            {
                File.Delete(file);
            }
        }
    }

    public async ValueTask OnResetAsync(IGymEnv env, CancellationToken cancellationToken)
    {
        await FinishEpisodeAsync().ConfigureAwait(false);
        _episode++;
        if (_schedule.ShouldRecord(_episode))
        {
            var frame = await RenderAsync(env, cancellationToken).ConfigureAwait(false);
            if (frame is not null)
            {
                var path = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{_filePrefix}.episode{_episode:000000}.mp4"));
                _writer = Mp4Writer.Start(_ffmpeg, path, frame.Shape[1], frame.Shape[0], _framesPerSecond);
                await _writer.WriteFrameAsync(frame.Data, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask OnStepAsync(IGymEnv env, bool done, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return;
        }

        if (await RenderAsync(env, cancellationToken).ConfigureAwait(false) is { } frame)
        {
            await _writer.WriteFrameAsync(frame.Data, cancellationToken).ConfigureAwait(false);
        }

        if (done)
        {
            await FinishEpisodeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await FinishEpisodeAsync().ConfigureAwait(false);

    private static async ValueTask<NDArray?> RenderAsync(IGymEnv env, CancellationToken cancellationToken)
    {
        var frame = await env.RenderAsync(cancellationToken).ConfigureAwait(false);
        return frame is NDArray { Shape.Count: 3 } array && array.Shape[2] == 3 && array.DType == DType.UInt8 ? array : null;
    }

    private async ValueTask FinishEpisodeAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            await writer.DisposeAsync().ConfigureAwait(false);
            if (writer.Frames > 0 && File.Exists(writer.Path))
            {
                _videos.Add(writer.Path);
            }
        }
    }
}
