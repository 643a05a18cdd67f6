using System.ComponentModel;
using System.Text.Json;

namespace GymBridge.Server.Endpoints.Bodies;

[Description("A frame in cloudkj's JSON form (base64 PNG for rgb_array, text for ansi).")]
internal sealed record RenderReply(
    string RenderMode,
    [property: Description("image/png, text/plain or application/json.")] string ContentType,
    [property: Description("base64 or utf-8.")] string Encoding,
    [property: Description("The frame (or a list of frames for rgb_array_list).")] JsonElement Data,
    [property: Description("GET /render only: unrenormalizable's zlib-compressed RGBA frame.")] RenderFrame? RenderFrame = null);

internal sealed record RenderFrame(int Rows, int Cols, [property: Description("base64 of zlib-compressed RGBA bytes.")] string Data);

internal sealed record MonitorStartRequest(
    [property: Description("Where videos go, inside the server's recordings root.")] string Directory,
    [property: Description("Replace earlier recordings in the directory.")] bool? Force = null,
    bool? Resume = null,
    [property: Description("Which episodes to record: cubic (0, 1, 8, 27, ...), every, or none.")] JsonElement? VideoCallable = null,
    [property: Description("Record every interval-th episode.")] int? Interval = null);

internal sealed record MonitorStartReply(string Directory, [property: Description("Which episodes are recorded.")] string Episodes, string Message);

internal sealed record MonitorCloseReply([property: Description("The MP4 files written, relative to the recordings root.")] string[] Videos);
