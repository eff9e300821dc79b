using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Access;

/// <summary>Every problem in <c>Access:*</c>, each naming its key.</summary>
internal sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.PendingExpiry < TimeSpan.FromMinutes(1))
            errors.Add("Access:PendingExpiry must be at least 00:01:00.");
        if (options.ExpiryWarning < TimeSpan.Zero)
            errors.Add("Access:ExpiryWarning must not be negative.");
        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Access:PollInterval must be at least 00:00:00.1.");
        if (options.MaxInitiateAttempts is < 1 or > 10)
            errors.Add("Access:MaxInitiateAttempts must be from 1 to 10.");
        if (options.ClaimTimeout < TimeSpan.FromSeconds(10))
            errors.Add("Access:ClaimTimeout must be at least 00:00:10.");
        if (!options.DurationPresets.All(p => AccessRequestValidator.TryParseDuration(p, out _)))
            errors.Add("Access:DurationPresets must be ISO 8601 durations such as PT1H.");
        return ValidatedOptions.Result(errors);
    }
}
