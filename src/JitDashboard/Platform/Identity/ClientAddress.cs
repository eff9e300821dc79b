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
