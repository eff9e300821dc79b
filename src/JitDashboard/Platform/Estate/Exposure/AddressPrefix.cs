using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace JitDashboard.Platform.Estate.Exposure;

/// <summary>
/// An NSG address prefix as written in a rule: a CIDR, a single address, or a service tag.
/// CIDR blocks are either nested or disjoint, which keeps intersections exact.
/// </summary>
public readonly record struct AddressPrefix(string Text, IPNetwork? Network)
{
    public bool IsTag => Network is null;

    /// <summary>`*`, `Internet`, `Any`, `0.0.0.0/0` and `::/0` all mean any Internet address (NSG docs, service tags overview).</summary>
    public bool IsAnyInternet => Text is "*" || Text.Equals("Internet", StringComparison.OrdinalIgnoreCase) || Text.Equals("Any", StringComparison.OrdinalIgnoreCase)
        || Network is { PrefixLength: 0 };

    /// <summary>
    /// VirtualNetwork and AzureLoadBalancer are not the Internet, nor are private, shared, loopback or link-local ranges:
    /// no Internet source can match them.
    /// </summary>
    public bool IsNonInternet
    {
        get
        {
            if (Network is { } n)
            {
                return n.PrefixLength > 0 && NonInternetRanges.Any(r => r.BaseAddress.AddressFamily == n.BaseAddress.AddressFamily && r.PrefixLength <= n.PrefixLength && r.Contains(n.BaseAddress));
            }
            return Text.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase) || Text.Equals("AzureLoadBalancer", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static readonly IPNetwork[] NonInternetRanges =
    [
        IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("::1/128"),
    ];

    /// <summary>Parses a prefix; anything that is not an address or CIDR is kept as a tag.</summary>
    public static AddressPrefix Parse(string text)
    {
        var trimmed = text.Trim();
        return TryParseNetwork(trimmed, out var network) ? new AddressPrefix(trimmed, network) : new AddressPrefix(trimmed, null);
    }

    /// <summary>Parses `a.b.c.d`, `a.b.c.d/n` or IPv6 equivalents, masking host bits as Azure does.</summary>
    public static bool TryParseNetwork(string text, [NotNullWhen(true)] out IPNetwork? network)
    {
        network = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)))
        {
            return false;
        }
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > max))
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < max; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        network = new IPNetwork(new IPAddress(bytes), length);
        return true;
    }

    public bool Contains(IPAddress address) => IsAnyInternet || (Network is { } n && n.Contains(address));

    /// <summary>True when every address of <paramref name="other"/> is in this prefix (tags contain only themselves).</summary>
    public bool Contains(AddressPrefix other)
    {
        if (IsAnyInternet) return true;
        if (Network is { } n && other.Network is { } o)
        {
            return n.BaseAddress.AddressFamily == o.BaseAddress.AddressFamily && n.PrefixLength <= o.PrefixLength && n.Contains(o.BaseAddress);
        }
        return string.Equals(Text, other.Text, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => Text;
}
