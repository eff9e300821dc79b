using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

/// <summary>Every problem in <c>Policies:*</c>, each naming its key.</summary>
internal sealed class PoliciesOptionsValidator : IValidateOptions<PoliciesOptions>
{
    public ValidateOptionsResult Validate(string? name, PoliciesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxConcurrency is < 1 or > 64)
            errors.Add("Policies:MaxConcurrency must be from 1 to 64.");
        if (options.MaxConcurrencyPerSubscription is < 1 or > 64)
            errors.Add("Policies:MaxConcurrencyPerSubscription must be from 1 to 64.");
        if (options.MaxAttempts is < 1 or > 10)
            errors.Add("Policies:MaxAttempts must be from 1 to 10.");
        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Policies:PollInterval must be at least 00:00:00.1.");
        return ValidatedOptions.Result(errors);
    }
}
