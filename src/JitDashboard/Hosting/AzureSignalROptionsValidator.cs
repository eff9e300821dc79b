using JitDashboard.Platform;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>Every problem in <c>Azure:SignalR:*</c>, each naming its key (never echoing the secret).</summary>
internal sealed class AzureSignalROptionsValidator : IValidateOptions<AzureSignalROptions>
{
    public ValidateOptionsResult Validate(string? name, AzureSignalROptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var parts = options.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Endpoint", out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            errors.Add("Azure:SignalR:ConnectionString needs Endpoint=https://<name>.service.signalr.net (http only on loopback, the emulator).");
        if (!parts.ContainsKey("AccessKey") && !parts.ContainsKey("AuthType"))
            errors.Add("Azure:SignalR:ConnectionString needs AccessKey=... or AuthType=azure (a managed identity).");
        if (parts.TryGetValue("Version", out var version) && version != "1.0")
            errors.Add("Azure:SignalR:ConnectionString's Version must be 1.0.");
        return ValidatedOptions.Result(errors);
    }
}
