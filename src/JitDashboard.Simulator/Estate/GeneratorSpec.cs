using System.Globalization;

namespace JitDashboard.Simulator.Estate;

/// <summary>
/// A parsed generator spec: <c>vms=N,subscriptions=S,seed=K[,resourceGroups=G][,exposed=F]</c>.
/// <paramref name="ResourceGroups"/>: total resource groups over all subscriptions (default: about 25 VMs each).
/// <paramref name="Exposed"/>: the share of VMs in each resource group given a Standard public IP and a NIC rule
/// allowing their management port from <c>*</c>, not in JIT; the other VMs then get no public IP, so exactly that
/// share is exposed. Absent options leave the generation byte for byte as it was.
/// </summary>
public sealed record GeneratorSpec(int Vms, int Subscriptions, int Seed, int? ResourceGroups = null, double? Exposed = null)
{
    public const int MaxVms = 100_000;
    // Tenants have thousands of subscriptions (issue 18); each costs the generator a few resources, the app its list calls.
    public const int MaxSubscriptions = 10_000;
    private const string Usage = "'vms=N[,subscriptions=S][,seed=K][,resourceGroups=G][,exposed=F]'";

    /// <summary>Parses a spec; throws <see cref="FormatException"/> with a clear message when it is invalid.</summary>
    public static GeneratorSpec Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new FormatException($"Generator spec is empty; expected {Usage}.");

        int? vms = null, subscriptions = null, seed = null, groups = null;
        double? exposed = null;
        foreach (var rawPart in spec.Split(','))
        {
            var part = rawPart.Trim();
            if (part.Length == 0)
                throw new FormatException($"Generator spec '{spec}' has an empty part; expected {Usage}.");
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                throw new FormatException($"Generator spec part '{part}' is not 'key=value'.");
            var key = part[..eq].Trim().ToLowerInvariant();
            var text = part[(eq + 1)..].Trim();
            if (key is not ("vms" or "subscriptions" or "seed" or "resourcegroups" or "exposed"))
                throw new FormatException($"Generator spec part '{part}': unknown key '{key}'; known keys are vms, subscriptions, seed, resourceGroups, exposed.");
            if (key == "exposed")
            {
                if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) || share is < 0 or > 1)
                    throw new FormatException($"Generator spec part '{part}': '{text}' is not a fraction between 0 and 1.");
                exposed = exposed is null ? share : throw Duplicate(part);
                continue;
            }
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw new FormatException($"Generator spec part '{part}': '{text}' is not a whole number.");
            switch (key)
            {
                case "vms":
                    vms = vms is null ? value : throw Duplicate(part);
                    break;
                case "subscriptions":
                    subscriptions = subscriptions is null ? value : throw Duplicate(part);
                    break;
                case "resourcegroups":
                    groups = groups is null ? value : throw Duplicate(part);
                    break;
                default:
                    seed = seed is null ? value : throw Duplicate(part);
                    break;
            }
        }

        if (vms is null)
            throw new FormatException($"Generator spec '{spec}' is missing 'vms=N'.");
        if (vms is < 1 or > MaxVms)
            throw new FormatException($"Generator spec part 'vms={vms}': vms must be between 1 and {MaxVms}.");
        var subs = subscriptions ?? 1;
        if (subs is < 1 or > MaxSubscriptions)
            throw new FormatException($"Generator spec part 'subscriptions={subs}': subscriptions must be between 1 and {MaxSubscriptions}.");
        if (subs > vms)
            throw new FormatException($"Generator spec part 'subscriptions={subs}': subscriptions must not exceed vms ({vms}).");
        if (groups is not null && (groups < subs || groups > vms))
            throw new FormatException($"Generator spec part 'resourceGroups={groups}': resourceGroups must be between subscriptions ({subs}) and vms ({vms}).");
        return new GeneratorSpec(vms.Value, subs, seed ?? 1, groups, exposed);
    }

    private static FormatException Duplicate(string part) =>
        new($"Generator spec part '{part}': the key is given more than once.");

    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"vms={Vms},subscriptions={Subscriptions},seed={Seed}");
        if (ResourceGroups is { } groups)
            text += string.Create(CultureInfo.InvariantCulture, $",resourceGroups={groups}");
        if (Exposed is { } exposed)
            text += string.Create(CultureInfo.InvariantCulture, $",exposed={exposed}");
        return text;
    }
}
