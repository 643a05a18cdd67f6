namespace GymBridge.Server.Hosting;

/// <summary>
/// While the host starts, its logs below Critical are held back, so that a host that cannot start prints its one-line
/// verdict (<see cref="StartupFailure"/>) and not also the framework's "Hosting failed to start" with a stack trace, or
/// the worker's stderr lines that the verdict already quotes. Once every hosted service has started (before "Now
/// listening on"), logging is as configured. With <c>--Logging:LogLevel:Default Debug</c> nothing is held back.
/// </summary>
internal sealed class StartupLogGate : IHostedLifecycleService
{
    private volatile bool _open;

    /// <summary>Wraps every filter rule (and the default) so that it lets nothing below Critical through until the gate opens.</summary>
    public void Guard(LoggerFilterOptions filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.MinLevel <= LogLevel.Debug || filters.Rules.Any(r => r.CategoryName is null or "Default" && r.LogLevel <= LogLevel.Debug))
        {
            _open = true;
            return;
        }

        var rules = filters.Rules.Select(rule => new LoggerFilterRule(rule.ProviderName, rule.CategoryName, rule.LogLevel,
            (provider, category, level) => Lets(level) && (rule.Filter?.Invoke(provider, category, level) ?? true))).ToList();
        if (!rules.Any(r => r.ProviderName is null && r.CategoryName is null))
        {
            rules.Add(new LoggerFilterRule(null, null, filters.MinLevel, (_, _, level) => Lets(level)));
        }

        filters.Rules.Clear();
        rules.ForEach(filters.Rules.Add);
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _open = true;
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool Lets(LogLevel level) => _open || level >= LogLevel.Critical;
}
