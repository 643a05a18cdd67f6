using GymBridge.Hosting;
using GymBridge.Server.Errors;
using GymBridge.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GymBridge.Server.Security;

/// <summary>
/// An env id <c>module:Env-v0</c> makes the worker import <c>module</c> first, which runs whatever that module runs
/// at import. Which modules a client may name is the operator's decision: those in
/// <see cref="ServerOptions.AllowedModules"/> (<c>--allow-module</c>) and <see cref="GymBridgeOptions.ImportModules"/>
/// (<c>--import</c>). Any other is refused (403 <c>module_not_allowed</c>) before the id reaches a worker.
/// The library API does not use this: there the caller runs its own code.
/// </summary>
public sealed class ModulePolicy(IOptions<ServerOptions> options, IOptions<GymBridgeOptions> pool)
{
    private readonly ModuleAllowList _modules = new(options.Value.AllowedModules, pool.Value);

    public void Check(string envId)
    {
        if (_modules.Refused(envId) is { } module)
        {
            throw new ApiException(StatusCodes.Status403Forbidden, ErrorKinds.ModuleNotAllowed,
                $"The env id '{envId}' names the Python module '{module}', which this server does not import for clients (importing runs the " +
                $"module's code). Its operator can allow it: --allow-module {module} (or GymBridge__AllowedModules__0={module}).");
        }
    }
}
