using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate;

/// <summary>Every problem in <c>Estate:*</c>, each naming its key.</summary>
internal sealed class EstateOptionsValidator : IValidateOptions<EstateOptions>
{
    public ValidateOptionsResult Validate(string? name, EstateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.ManagementPorts.All(p => p is >= 1 and <= 65535))
            errors.Add("Estate:ManagementPorts must hold ports from 1 to 65535.");
        if (options.RefreshInterval < TimeSpan.FromSeconds(30))
            errors.Add("Estate:RefreshInterval must be at least 00:00:30.");
        if (options.EventDebounce < TimeSpan.Zero || options.EventMaxDelay < options.EventDebounce)
            errors.Add("Estate:EventDebounce must be 0 or more and at most Estate:EventMaxDelay.");
        if (options.TargetedConcurrency is < 1 or > 64)
            errors.Add("Estate:TargetedConcurrency must be from 1 to 64.");
        if (options.MaxPendingResources is < 1 or > 1_000_000)
            errors.Add("Estate:MaxPendingResources must be from 1 to 1000000.");
        if (options.LeaseDuration < TimeSpan.FromSeconds(3) || options.LeaseDuration > TimeSpan.FromMinutes(10))
            errors.Add("Estate:LeaseDuration must be from 00:00:03 to 00:10:00.");
        return ValidatedOptions.Result(errors);
    }
}
