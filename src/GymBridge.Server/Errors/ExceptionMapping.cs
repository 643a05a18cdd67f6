using GymBridge.Errors;
using Microsoft.AspNetCore.Http;

namespace GymBridge.Server.Errors;

/// <summary>Turns any exception of a request into the status, kind and message of its error body.</summary>
internal static class ExceptionMapping
{
    public static ApiException ToApiError(Exception error) => error switch
    {
        ApiException api => api,
        UnknownEnvException e => new(StatusCodes.Status400BadRequest, ErrorKinds.UnknownEnv, e.Message),
        InvalidActionException e => new(StatusCodes.Status400BadRequest, ErrorKinds.InvalidAction, e.Message),
        EnvClosedException e => new(StatusCodes.Status404NotFound, ErrorKinds.UnknownInstance, e.Message),
        EnvLostException e => new(StatusCodes.Status503ServiceUnavailable, ErrorKinds.EnvLost,
            $"The worker hosting this env died; the env is lost (other envs are unaffected): {e.Message}"),
        WorkerTimeoutException e => new(StatusCodes.Status503ServiceUnavailable, ErrorKinds.WorkerTimeout,
            $"The env's worker did not answer in time and was stopped; the env is lost: {e.Message}"),
        EnvErrorException e => new(StatusCodes.Status500InternalServerError, ErrorKinds.EnvError, e.Message, e.PythonTraceback),
        GymBridgeException { Kind: GymErrorKind.BadArgument } e => new(StatusCodes.Status400BadRequest, ErrorKinds.BadArgument, e.Message),
        GymBridgeException { Kind: GymErrorKind.NotSupported } e => new(StatusCodes.Status400BadRequest, ErrorKinds.NotSupported, e.Message),
        GymBridgeException { Kind: GymErrorKind.BadAction } e => new(StatusCodes.Status400BadRequest, ErrorKinds.InvalidAction, e.Message),
        GymBridgeException { Kind: GymErrorKind.ResetNeeded } e => new(StatusCodes.Status400BadRequest, ErrorKinds.ResetNeeded, e.Message),
        GymBridgeException { Kind: GymErrorKind.DependencyMissing } e => new(StatusCodes.Status400BadRequest, ErrorKinds.DependencyMissing, e.Message),
        GymBridgeException e => new(StatusCodes.Status500InternalServerError, ErrorKinds.EnvError, e.Message, e.PythonTraceback),
        System.Text.Json.JsonException e => new(StatusCodes.Status400BadRequest, ErrorKinds.MalformedBody, $"Malformed JSON body: {e.Message}"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => BodyTooLarge(),
        BadHttpRequestException e => new(e.StatusCode, ErrorKinds.BadRequest, e.Message),
        _ => new(StatusCodes.Status500InternalServerError, ErrorKinds.Internal, $"{error.GetType().Name}: {error.Message}"),
    };

    public static ApiException BodyTooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorKinds.BodyTooLarge, "The request body is larger than the server accepts.");
}
