using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>Every problem in <c>Hardening:*</c>, each naming its key.</summary>
internal sealed class HardeningOptionsValidator : IValidateOptions<HardeningOptions>
{
    public const long MinApiRequestBodyBytes = 1024;
    public const long MaxApiRequestBodyBytes = 100 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, HardeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Https))
            errors.Add($"Hardening:Https must be Auto, Always or Never, not '{options.Https}'.");
        if (options.HttpsPort is < 1 or > 65535)
            errors.Add($"Hardening:HttpsPort must be from 1 to 65535, not {options.HttpsPort}.");
        if (options.MaxApiRequestBodyBytes is < MinApiRequestBodyBytes or > MaxApiRequestBodyBytes)
            errors.Add($"Hardening:MaxApiRequestBodyBytes must be from {MinApiRequestBodyBytes} to {MaxApiRequestBodyBytes}, not {options.MaxApiRequestBodyBytes}.");
        if (options.RateLimit.PermitLimit is < 0 or > 1_000_000)
            errors.Add($"Hardening:RateLimit:PermitLimit must be from 0 (no limit) to 1000000, not {options.RateLimit.PermitLimit}.");
        if (options.RateLimit.Window <= TimeSpan.Zero)
            errors.Add($"Hardening:RateLimit:Window must be positive, not {options.RateLimit.Window}.");
        return ValidatedOptions.Result(errors);
    }
}
