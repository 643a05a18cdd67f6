namespace GymBridge.Server.Errors;

/// <summary>The <c>kind</c> values of error bodies (docs/rest.md, "Errors").</summary>
public static class ErrorKinds
{
    public const string BadRequest = "bad_request";
    public const string MalformedBody = "malformed_body";
    public const string BodyTooLarge = "body_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string UnknownEnv = "unknown_env";
    public const string DependencyMissing = "dependency_missing";
    public const string ResetNeeded = "reset_needed";
    public const string ModuleNotAllowed = "module_not_allowed";
    public const string OriginRefused = "origin_refused";
    public const string HostRefused = "host_refused";
    public const string InvalidPath = "invalid_path";
    public const string UnknownInstance = "unknown_instance";
    public const string InvalidAction = "invalid_action";
    public const string BadArgument = "bad_argument";
    public const string NotSupported = "not_supported";
    public const string NoRenderMode = "no_render_mode";
    public const string EnvError = "env_error";
    public const string EnvLost = "env_lost";
    public const string WorkerTimeout = "worker_timeout";
    public const string RequestTimeout = "request_timeout";
    public const string TooManyEnvs = "too_many_envs";
    public const string Unauthorized = "unauthorized";
    public const string Gone = "gone";
    public const string Disabled = "disabled";
    public const string PathRefused = "path_refused";
    public const string RecordingFailed = "recording_failed";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string WebSocketRequired = "websocket_required";
    public const string Internal = "internal";
}
