using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate.Events;

/// <summary>Every problem in <c>Events:*</c>, each naming its key.</summary>
internal sealed class AzureEventsOptionsValidator : IValidateOptions<AzureEventsOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureEventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Role))
            errors.Add("Events:Role must name an app role.");
        if (options.Secret.Length is > 0 and < 16)
            errors.Add("Events:Secret must be empty (off) or at least 16 characters.");
        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add("Events:MaxBodyBytes must be from 1024 to 67108864.");
        if (options.MaxEvents is < 1 or > 100_000)
            errors.Add("Events:MaxEvents must be from 1 to 100000.");
        if (options.RememberedEventIds is < 1 or > 10_000_000)
            errors.Add("Events:RememberedEventIds must be from 1 to 10000000.");
        return ValidatedOptions.Result(errors);
    }
}
