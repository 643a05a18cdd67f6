using GymBridge.Server.Endpoints.Bodies;
using GymBridge.Server.Errors;
using GymBridge.Server.Instances;
using GymBridge.Server.Json;
using GymBridge.Server.Recording;
using GymBridge.Values;

namespace GymBridge.Server.Endpoints;

/// <summary>
/// POST monitor/start/ <c>{directory, force?, resume?, video_callable?/interval?}</c> records the following
/// episodes (from the next reset) as MP4 files under the recordings root; POST monitor/close/ finishes them and
/// lists the files. The env must render <c>rgb_array</c> frames.
/// </summary>
internal static class RecordingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ApiServices api)
    {
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/monitor/start", "monitor_start", context => StartAsync(context, api)).Takes<MonitorStartRequest>().Gives<MonitorStartReply>("Record MP4 episodes under the recordings root");
        routes.Map(api.Stats, "POST", "/v1/envs/{id}/monitor/close", "monitor_close", context => CloseAsync(context, api)).Gives<MonitorCloseReply>("Finish recording: {videos}");
    }

    private static async Task StartAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var parameters = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var directory = api.Recordings.Resolve(Parameters.RequiredString(parameters, "directory"));
        var force = Parameters.OptionalBool(parameters, "force");
        Parameters.OptionalBool(parameters, "resume"); // accepted: recordings are never overwritten unless force is set
        var schedule = VideoSchedule.FromParameters(parameters);
        if (instance.Env.RenderMode != "rgb_array")
        {
            // The legacy client starts a monitor on any env; without frames there is nothing to record, which is said, not refused.
            await ResponseWriter.WriteAsync(context, GymMap.Of(
                ("directory", api.Recordings.Relative(directory)),
                ("episodes", "none"),
                ("message", $"No videos: {instance.EnvId} was created with render_mode={instance.Env.RenderMode ?? "None"}; " +
                    "create it with \"render_mode\": \"rgb_array\" to record MP4 episodes."))).ConfigureAwait(false);
            return;
        }

        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            if (instance.Recorder is { } previous)
            {
                instance.Recorder = null;
                await previous.DisposeAsync().ConfigureAwait(false);
            }

            if (force)
            {
                EpisodeRecorder.Clear(directory);
            }

            instance.Recorder = new EpisodeRecorder(directory, instance.InstanceId, schedule, api.Options.Ffmpeg, api.Options.FramesPerSecond);
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(
            ("directory", api.Recordings.Relative(directory)),
            ("episodes", schedule.ToString()),
            ("message", "Recording starts with the next reset."))).ConfigureAwait(false);
    }

    private static async Task CloseAsync(HttpContext context, ApiServices api)
    {
        var instance = await api.Registry.GetAsync(EnvEndpoints.InstanceId(context), context.RequestAborted).ConfigureAwait(false);
        var videos = new List<GymValue>();
        using (await Lease.AcquireAsync(instance, context.RequestAborted).ConfigureAwait(false))
        {
            if (instance.Recorder is { } recorder)
            {
                instance.Recorder = null;
                await recorder.DisposeAsync().ConfigureAwait(false);
                videos.AddRange(recorder.Videos.Select(v => (GymValue)api.Recordings.Relative(v)));
            }
        }

        await ResponseWriter.WriteAsync(context, GymMap.Of(("videos", GymValue.List([.. videos])))).ConfigureAwait(false);
    }
}
