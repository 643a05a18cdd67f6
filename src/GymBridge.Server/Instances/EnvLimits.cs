using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Instances;

/// <summary>
/// Counts the envs each client holds against <see cref="ServerOptions.MaxEnvs"/> and <see cref="ServerOptions.MaxEnvsPerClient"/>.
/// A single env counts 1, a vector env its number of sub-envs. Envs lost with their worker no longer count.
/// </summary>
public sealed class EnvLimits(IOptions<ServerOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byOwner = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Envs counted now (reserved or live).</summary>
    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Counts <paramref name="count"/> envs for <paramref name="owner"/>, or throws 429 when they do not fit.</summary>
    public void Reserve(string owner, int count)
    {
        var limits = options.Value;
        lock (_lock)
        {
            if (limits.MaxEnvs > 0 && _total + count > limits.MaxEnvs)
            {
                throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorKinds.TooManyEnvs,
                    $"The server already runs {_total} envs of its maximum of {limits.MaxEnvs}, so {count} more do not fit; close some (DELETE /v1/envs/{{id}}/ or /v1/vector_envs/{{id}}/) first.");
            }

            var held = _byOwner.GetValueOrDefault(owner);
            if (limits.MaxEnvsPerClient > 0 && held + count > limits.MaxEnvsPerClient)
            {
                throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorKinds.TooManyEnvs,
                    $"This client already has {held} envs of its maximum of {limits.MaxEnvsPerClient}, so {count} more do not fit; close some (DELETE /v1/envs/{{id}}/ or /v1/vector_envs/{{id}}/) first.");
            }

            _byOwner[owner] = held + count;
            _total += count;
        }
    }

    /// <summary>Stops counting envs reserved by <see cref="Reserve"/> (closed, evicted, lost, or never made).</summary>
    public void Release(string owner, int count)
    {
        lock (_lock)
        {
            var held = _byOwner.GetValueOrDefault(owner) - count;
            if (held > 0)
            {
                _byOwner[owner] = held;
            }
            else
            {
                _byOwner.Remove(owner);
            }

            _total -= count;
        }
    }
}
