using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Identity;

/// <summary><c>Hosting:ForwardedHeaders:*</c>: the summary, then each entry that is wrong.</summary>
internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public const string Summary =
        "Hosting:ForwardedHeaders has invalid entries (KnownProxies: IP addresses; KnownNetworks: CIDR ranges; ForwardLimit 1-10).";

    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Errors().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail([Summary, .. errors]);
    }
}
