using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>Every problem in <c>Health:*</c>, each naming its key.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ArmTimeout <= TimeSpan.Zero)
            errors.Add($"Health:ArmTimeout must be positive, not {options.ArmTimeout}.");
        if (options.ArmCacheDuration < TimeSpan.Zero)
            errors.Add($"Health:ArmCacheDuration must not be negative, not {options.ArmCacheDuration}.");
        return ValidatedOptions.Result(errors);
    }
}
