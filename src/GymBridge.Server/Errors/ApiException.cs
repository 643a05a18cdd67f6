namespace GymBridge.Server.Errors;

/// <summary>
/// A request the host refuses, with the HTTP status and the machine-readable <see cref="Kind"/> of its JSON body.
/// </summary>
public sealed class ApiException(int status, string kind, string message, string? traceback = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Kind { get; } = kind;

    public string? Traceback { get; } = traceback;

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, ErrorKinds.BadRequest, message);

    public static ApiException MissingParameter(string name) =>
        new(StatusCodes.Status400BadRequest, ErrorKinds.BadRequest, $"A required request parameter '{name}' was not provided");
}
