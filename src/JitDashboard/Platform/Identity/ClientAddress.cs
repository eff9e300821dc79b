using System.Net;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.AspNetCore.HttpOverrides;

namespace JitDashboard.Platform.Identity;

/// <summary>
/// The browser's address for this circuit. Blazor circuits have no HttpContext, so App.razor reads it from the first
/// request and hands it to Routes, which stores it here (scoped: one per circuit).
/// </summary>
public sealed class ClientAddress
{
    public string? Address { get; set; }

    /// <summary>The connection's remote address as text (IPv4-mapped IPv6 shown as IPv4); null when unknown.</summary>
    public static string? Of(HttpContext? context)
    {
        var ip = context?.Connection.RemoteIpAddress;
        if (ip is null) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return ip.ToString();
    }
}

/// <summary>Settings under <c>Hosting:ForwardedHeaders</c>. Empty lists (the default) trust no forwarded headers at all.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "Hosting:ForwardedHeaders";

    /// <summary>Addresses of reverse proxies whose <c>X-Forwarded-For</c> is believed.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>CIDR ranges of such proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxy hops to unwind (each must be trusted).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>Per-key errors, for start-up validation.</summary>
    public IEnumerable<string> Errors()
    {
        foreach (var p in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return $"{SectionName}:KnownProxies: '{p}' is not an IP address.";
        foreach (var n in KnownNetworks.Where(n => !n.Contains('/', StringComparison.Ordinal) || !AddressPrefix.TryParseNetwork(n, out _)))
            yield return $"{SectionName}:KnownNetworks: '{n}' is not a CIDR range.";
        if (ForwardLimit is < 1 or > 10)
            yield return $"{SectionName}:ForwardLimit must be from 1 to 10.";
    }

    /// <summary>The middleware's options: only the configured proxies, never ASP.NET's loopback defaults.</summary>
    public ForwardedHeadersOptions ToOptions()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = ForwardLimit };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var p in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(p));
        foreach (var n in KnownNetworks)
        {
            if (AddressPrefix.TryParseNetwork(n, out var network)) options.KnownIPNetworks.Add(network.Value);
        }
        return options;
    }
}

/// <summary>Puts the forwarded-headers middleware first in the pipeline, when proxies are configured.</summary>
internal sealed class ForwardedHeadersStartupFilter(Microsoft.Extensions.Options.IOptions<ForwardedHeadersSettings> settings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (settings.Value.Enabled) app.UseForwardedHeaders(settings.Value.ToOptions());
        next(app);
    };
}
