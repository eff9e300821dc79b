using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

/// <summary>Every problem in <c>Automation:*</c>, each naming its key.</summary>
internal sealed class AutomationOptionsValidator : IValidateOptions<AutomationOptions>
{
    public ValidateOptionsResult Validate(string? name, AutomationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.CheckInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Automation:CheckInterval must be at least 00:00:00.1.");
        if (options.LeaseDuration < TimeSpan.FromSeconds(1))
            errors.Add("Automation:LeaseDuration must be at least 00:00:01.");
        if (options.LeaseRenewInterval <= TimeSpan.Zero || options.LeaseRenewInterval >= options.LeaseDuration)
            errors.Add("Automation:LeaseRenewInterval must be positive and shorter than Automation:LeaseDuration.");
        if (string.IsNullOrWhiteSpace(options.WebhookSecretHeader))
            errors.Add("Automation:WebhookSecretHeader must name a header.");
        return ValidatedOptions.Result(errors);
    }
}
