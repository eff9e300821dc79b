using System.Globalization;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>Deterministic estate generator (public contract 1 output).</summary>
public static class EstateGenerator
{
    // Mix, in one place so the report and the tests can quote it.
    internal const double WindowsShare = 0.45;
    internal const double ScaleSetShare = 0.02;
    internal const double ClassicShare = 0.01;
    internal const double NoNsgShare = 0.10;       // neither NIC nor subnet NSG: JIT Unsupported
    internal const double NicOnlyShare = 0.40;
    internal const double SubnetOnlyShare = 0.25;  // the rest (25%) has both
    internal const double PublicIpShare = 0.70;
    internal const double BasicShareOfPublic = 0.25;
    internal const double SecondNicShare = 0.10;
    internal const double SecondIpConfigShare = 0.05;
    internal const double JitShare = 0.15;
    internal const double ExemptShare = 0.03;
    internal const int VmsPerResourceGroup = 25;

    internal static readonly string[] Regions = ["westeurope", "northeurope", "eastus", "eastus2", "uksouth", "westus2"];
    private static readonly string[] Apps = ["payments", "web", "crm", "erp", "identity", "analytics", "hr", "billing",
        "inventory", "portal", "search", "shared", "devops", "data", "ml", "mobile"];
    private static readonly string[] Envs = ["prod", "prod", "dev", "test", "staging", "qa"];
    private static readonly string[] SubscriptionNames = ["Production", "Development", "Shared Services", "Test",
        "Data Platform", "Sandbox", "Finance", "Digital", "Corporate IT", "Research"];
    private static readonly string[] Owners = ["alice@contoso.test", "bob@contoso.test", "carol@contoso.test",
        "dave@contoso.test", "platform-team@contoso.test", "app-team@contoso.test"];
    private static readonly string[] LinuxRoles = ["web", "api", "app", "db", "cache", "worker", "jumpbox", "build-agent", "k8s-node", "kafka"];
    private static readonly string[] WindowsRoles = ["web", "app", "sql", "dc", "file", "jumpbox", "build-agent", "rds", "iis", "citrix"];
    private static readonly string[] LinuxSizes = ["Standard_B2s", "Standard_B2ms", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_E4s_v5", "Standard_F4s_v2"];
    private static readonly string[] WindowsSizes = ["Standard_B2ms", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_E8s_v5"];
    private static readonly (string, string, string)[] LinuxImages =
    [
        ("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"),
        ("Canonical", "ubuntu-24_04-lts", "server"),
        ("RedHat", "RHEL", "8-lvm-gen2"),
        ("Debian", "debian-12", "12-gen2"),
    ];
    private static readonly (string, string, string)[] WindowsImages =
    [
        ("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition"),
        ("MicrosoftWindowsServer", "WindowsServer", "2019-Datacenter"),
        ("MicrosoftWindowsServer", "WindowsServer", "2016-Datacenter"),
        ("MicrosoftSQLServer", "sql2019-ws2019", "standard"),
    ];
    private static readonly string[] AnySources = ["*", "Internet", "0.0.0.0/0"];

    /// <summary>Returns an estate file: <c>{ "subscriptions": [...], "resources": [...] }</c>.</summary>
    public static JsonObject Generate(GeneratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var b = new EstateBuilder(spec.Seed);
        var rng = b.Random;
        var firstGroups = new List<(string Subscription, ResourceGroupHandle Group)>();
        for (var s = 0; s < spec.Subscriptions; s++)
        {
            var display = SubscriptionNames[s % SubscriptionNames.Length];
            if (s >= SubscriptionNames.Length)
                display += string.Create(CultureInfo.InvariantCulture, $" {(s / SubscriptionNames.Length) + 1}");
            var subscriptionId = b.AddSubscription($"Contoso {display}");
            var vmsInSub = (spec.Vms / spec.Subscriptions) + (s < spec.Vms % spec.Subscriptions ? 1 : 0);
            var groups = spec.ResourceGroups is { } totalGroups
                ? (totalGroups / spec.Subscriptions) + (s < totalGroups % spec.Subscriptions ? 1 : 0)
                : Math.Max(1, (vmsInSub + (VmsPerResourceGroup / 2)) / VmsPerResourceGroup);
            var usedNames = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < groups; r++)
            {
                var vmsInGroup = (vmsInSub / groups) + (r < vmsInSub % groups ? 1 : 0);
                var env = Pick(rng, Envs);
                var app = Pick(rng, Apps);
                var stem = $"rg-{app}-{env}";
                var rgName = stem;
                for (var n = 2; !usedNames.Add(rgName); n++)
                    rgName = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n:00}");
                var rg = AddGroup(b, subscriptionId, rgName, Pick(rng, Regions), (r % 250) + 1);
                if (r == 0)
                    firstGroups.Add((subscriptionId, rg));
                // exposed=F: the first round(F x n) VMs of the group are exposed, the rest have no public IP.
                var exposedInGroup = spec.Exposed is { } share ? (int)Math.Round(share * vmsInGroup, MidpointRounding.AwayFromZero) : -1;
                for (var v = 0; v < vmsInGroup; v++)
                {
                    if (exposedInGroup < 0)
                        AddRandomVm(b, rg, app, env);
                    else if (v < exposedInGroup)
                        AddExposedVm(b, rg, app, env);
                    else
                        AddRandomVm(b, rg, app, env, noPublicIp: true);
                }
            }
        }
        // Issue 17's other doors, added after every VM so that no VM's own draws change: only in the default mix (the
        // exposed=F option promises an exact exposed share).
        if (spec.Exposed is null)
        {
            foreach (var (subscriptionId, rg) in firstGroups)
                AddDoors(b, subscriptionId, rg);
        }
        return b.Build();
    }

    /// <summary>
    /// In a subscription's first resource group: a Standard public load balancer (a NAT rule to SSH, a load-balancing rule to
    /// RDP), an Azure Firewall with a classic DNAT rule and one with a Firewall Policy DNAT rule, AVNM admin rules on the
    /// group's VNet (AlwaysAllow WinRM from the admin host, Deny WinRM over HTTPS from anywhere), an ASG-targeted NSG rule;
    /// network watchers in every region but uksouth (so "no Network Watcher" can be seen).
    /// </summary>
    private static void AddDoors(EstateBuilder b, string subscriptionId, ResourceGroupHandle rg)
    {
        var vms = rg.Vms.Where(v => v.Options.Kind == VmKind.Standard && v.Nics.Count > 0).ToList();
        if (vms.Count >= 2)
        {
            b.AddPublicLoadBalancer(rg, $"lb-{rg.Name}", "Standard",
                [new NatRuleSpec($"nat-ssh-{vms[0].Name}", vms[0], 50022, 22)],
                [new LbRuleSpec("rdp", 3389, 3389, [vms[1]])]);
        }
        if (vms.Count >= 4)
        {
            b.AddFirewall(rg, $"afw-{rg.Name}", policy: false, [new DnatSpec($"dnat-ssh-{vms[2].Name}", vms[2], 52201, 22, ["*"])]);
            b.AddFirewall(rg, $"afw-{rg.Name}-managed", policy: true, [new DnatSpec($"dnat-rdp-{vms[3].Name}", vms[3], 53389, 3389, [EstateBuilder.OfficePrefix])]);
        }
        if (vms.Count >= 5 && vms[4].NicNsg is { } nsg)
        {
            var asg = b.AddApplicationSecurityGroup(rg, $"asg-{rg.Name}");
            EstateBuilder.JoinApplicationSecurityGroup(vms[4], asg);
            b.AddRule(nsg, new RuleSpec("allow-ssh-to-asg", "Allow", "Tcp", ["22"], ["*"], DestinationAsgs: [asg]));
        }
        b.AddAdminRules(rg, $"avnm-{rg.Name}",
        [
            new AdminRuleSpec("always-allow-winrm-admin", "AlwaysAllow", 10, ["5985"], [EstateBuilder.AdminHost]),
            new AdminRuleSpec("deny-winrm-https", "Deny", 20, ["5986"], ["*"]),
        ]);
        foreach (var region in Regions.Where(r => r != "uksouth"))
            b.AddNetworkWatcher(subscriptionId, region);
    }

    private static T Pick<T>(Random rng, T[] items) => items[rng.Next(items.Length)];

    private static ResourceGroupHandle AddGroup(EstateBuilder b, string subscriptionId, string name, string region, int octet)
    {
        var rng = b.Random;
        // Subnet 0 always has an NSG and subnet 1 never, so every per-VM NSG layout is possible.
        var subnets = new List<(string, bool)> { ("snet-web", true), ("snet-app", false) };
        if (rng.Next(2) == 0)
            subnets.Add(("snet-data", rng.Next(2) == 0));
        var rg = b.AddResourceGroup(subscriptionId, name, region, octet, subnets);
        foreach (var subnet in rg.Subnets)
        {
            if (subnet.Nsg is { } nsg)
                AddSubnetRules(b, nsg);
        }
        return rg;
    }

    private static void AddSubnetRules(EstateBuilder b, NsgHandle nsg)
    {
        // Subnet NSG profiles: web tier 35%, management open to the Internet 30%, offices only 20%, locked down 15%.
        var roll = b.Random.NextDouble();
        if (roll < 0.35)
        {
            b.AddRule(nsg, new RuleSpec("allow-https-inbound", "Allow", "Tcp", ["443"], ["Internet"]));
            b.AddRule(nsg, new RuleSpec("allow-http-inbound", "Allow", "Tcp", ["80"], ["*"]));
            b.AddRule(nsg, new RuleSpec("allow-ssh-vnet", "Allow", "Tcp", ["22"], ["VirtualNetwork"]));
        }
        else if (roll < 0.65)
        {
            b.AddRule(nsg, new RuleSpec("allow-web", "Allow", "Tcp", ["80", "443"], ["Internet"]));
            b.AddRule(nsg, new RuleSpec("allow-mgmt-any", "Allow", "Tcp", ["22", "3389"], ["*"]));
        }
        else if (roll < 0.85)
        {
            b.AddRule(nsg, new RuleSpec("allow-mgmt-offices", "Allow", "Tcp", ["22", "3389"], [EstateBuilder.OfficePrefix, EstateBuilder.AdminHost]));
            b.AddRule(nsg, new RuleSpec("allow-https-inbound", "Allow", "Tcp", ["443"], ["Internet"]));
        }
        else
        {
            b.AddRule(nsg, new RuleSpec("allow-vnet-inbound", "Allow", "*", ["*"], ["VirtualNetwork"]));
            b.AddRule(nsg, new RuleSpec("deny-internet-inbound", "Deny", "*", ["*"], ["Internet"], Priority: 4000));
        }
    }

    /// <summary>A Standard VM with a Standard public IP whose NIC NSG allows its management port from <c>*</c>; not in JIT.</summary>
    private static void AddExposedVm(EstateBuilder b, ResourceGroupHandle rg, string app, string env)
    {
        var rng = b.Random;
        var os = rng.NextDouble() < WindowsShare ? OsKind.Windows : OsKind.Linux;
        var role = Pick(rng, os == OsKind.Windows ? WindowsRoles : LinuxRoles);
        // The subnet without an NSG, so the NIC rule alone decides.
        var subnetIndex = rg.Subnets.Select((sn, i) => (sn, i)).First(x => x.sn.Nsg is null).i;
        var vm = b.AddVm(rg, new VmOptions
        {
            Name = b.UniqueName(rg, $"vm-{role}-{env}"),
            Os = os,
            Kind = VmKind.Standard,
            Size = Pick(rng, os == OsKind.Windows ? WindowsSizes : LinuxSizes),
            Power = PowerState.Running,
            SubnetIndex = subnetIndex,
            NicNsg = true,
            PublicIp = PublicIpSku.Standard,
            Tags = [("env", env), ("owner", Pick(rng, Owners)), ("app", app)],
            Image = Pick(rng, os == OsKind.Windows ? WindowsImages : LinuxImages),
        });
        var (mgmtName, mgmtPort) = os == OsKind.Windows ? ("rdp", "3389") : ("ssh", "22");
        b.AddRule(vm.NicNsg!, new RuleSpec($"allow-{mgmtName}-any", "Allow", "Tcp", [mgmtPort], ["*"]));
    }

    private static void AddRandomVm(EstateBuilder b, ResourceGroupHandle rg, string app, string env, bool noPublicIp = false)
    {
        var rng = b.Random;
        var os = rng.NextDouble() < WindowsShare ? OsKind.Windows : OsKind.Linux;
        var kindRoll = rng.NextDouble();
        var kind = kindRoll < ScaleSetShare ? VmKind.ScaleSetInstance
            : kindRoll < ScaleSetShare + ClassicShare && !noPublicIp ? VmKind.Classic
            : VmKind.Standard;
        var role = Pick(rng, os == OsKind.Windows ? WindowsRoles : LinuxRoles);
        string name;
        string? scaleSet = null;
        if (kind == VmKind.ScaleSetInstance)
        {
            // Flexible scale-set instances are named {scaleSet}_{8 hex}.
            scaleSet = $"vmss-{role}-{env}";
            do
                name = $"{scaleSet}_{b.NewGuid()[..8]}";
            while (!rg.Names.Add(name));
        }
        else
        {
            name = b.UniqueName(rg, $"vm-{role}-{env}");
        }

        var exempt = rng.NextDouble() < ExemptShare;
        var tags = new List<(string, string)> { ("env", env), ("owner", Pick(rng, Owners)), ("app", app) };
        if (exempt)
            tags.Add(("jit-exempt", "true"));

        var layout = rng.NextDouble();
        bool nicNsg, subnetNsg;
        if (layout < NoNsgShare) (nicNsg, subnetNsg) = (false, false);
        else if (layout < NoNsgShare + NicOnlyShare) (nicNsg, subnetNsg) = (true, false);
        else if (layout < NoNsgShare + NicOnlyShare + SubnetOnlyShare) (nicNsg, subnetNsg) = (false, true);
        else (nicNsg, subnetNsg) = (true, true);
        var candidates = rg.Subnets.Select((sn, i) => (sn, i)).Where(x => (x.sn.Nsg is not null) == subnetNsg).ToArray();
        var subnetIndex = candidates[rng.Next(candidates.Length)].i;

        var pip = noPublicIp ? PublicIpSku.None
            : rng.NextDouble() < PublicIpShare
            ? (rng.NextDouble() < BasicShareOfPublic ? PublicIpSku.Basic : PublicIpSku.Standard)
            : PublicIpSku.None;
        var secondNic = rng.NextDouble() < SecondNicShare;
        var secondIp = rng.NextDouble() < SecondIpConfigShare;
        var powerRoll = rng.NextDouble();
        var power = powerRoll < 0.85 ? PowerState.Running : powerRoll < 0.95 ? PowerState.Deallocated : PowerState.Stopped;

        var vm = b.AddVm(rg, new VmOptions
        {
            Name = name,
            Os = os,
            Kind = kind,
            Size = Pick(rng, os == OsKind.Windows ? WindowsSizes : LinuxSizes),
            Power = power,
            SubnetIndex = subnetIndex,
            NicNsg = nicNsg,
            PublicIp = pip,
            SecondNic = secondNic,
            SecondIpConfig = secondIp,
            SecondIpConfigPublicIp = secondIp && rng.Next(2) == 0 && !noPublicIp ? PublicIpSku.Standard : PublicIpSku.None,
            Tags = [.. tags],
            ScaleSetName = scaleSet,
            Image = Pick(rng, os == OsKind.Windows ? WindowsImages : LinuxImages),
        });
        if (kind == VmKind.Classic)
            return;

        // Share of the VMs that can have JIT (about 90%) scaled so ~15% of all VMs end up in a policy.
        var jit = kind == VmKind.Standard && !exempt && (nicNsg || subnetNsg)
            && rng.NextDouble() < JitShare / (1 - NoNsgShare);
        if (vm.NicNsg is { } nsg)
            AddNicRules(b, nsg, os, closedOnly: jit);
        if (jit)
        {
            int[] ports = rng.Next(3) switch
            {
                0 => [22, 3389, 5985, 5986],
                1 => os == OsKind.Windows ? [3389] : [22],
                _ => os == OsKind.Windows ? [3389, 5985, 5986] : [22, 3389, 5985, 5986],
            };
            b.EnableJit(vm, ports);
        }
    }

    private static void AddNicRules(EstateBuilder b, NsgHandle nsg, OsKind os, bool closedOnly)
    {
        var rng = b.Random;
        var (mgmtName, mgmtPort) = os == OsKind.Windows ? ("rdp", "3389") : ("ssh", "22");
        var roll = closedOnly ? 1.0 : rng.NextDouble();
        if (roll < 0.35)
        {
            // Open to the Internet, in the many ways people write it.
            switch (rng.Next(6))
            {
                case 0:
                case 1:
                    b.AddRule(nsg, new RuleSpec($"allow-{mgmtName}-any", "Allow", "Tcp", [mgmtPort], [Pick(rng, AnySources)]));
                    break;
                case 2:
                    b.AddRule(nsg, new RuleSpec("allow-rdp-range", "Allow", "Tcp", ["3380-3390"], ["*"]));
                    break;
                case 3:
                    b.AddRule(nsg, new RuleSpec("allow-low-ports", "Allow", "*", ["20-25"], ["Internet"]));
                    break;
                case 4:
                    b.AddRule(nsg, new RuleSpec("allow-ssh-https", "Allow", "Tcp", ["22", "443"], ["*"]));
                    break;
                default:
                    b.AddRule(nsg, new RuleSpec("allow-winrm-any", "Allow", "Tcp", ["5985", "5986"], ["0.0.0.0/0"]));
                    break;
            }
        }
        else if (roll < 0.60)
        {
            switch (rng.Next(3))
            {
                case 0:
                    b.AddRule(nsg, new RuleSpec($"allow-{mgmtName}-office", "Allow", "Tcp", [mgmtPort], [EstateBuilder.OfficePrefix]));
                    break;
                case 1:
                    b.AddRule(nsg, new RuleSpec($"allow-{mgmtName}-admin", "Allow", "Tcp", [mgmtPort], [EstateBuilder.AdminHost]));
                    break;
                default:
                    b.AddRule(nsg, new RuleSpec("allow-mgmt-offices", "Allow", "Tcp", ["22", "3389"], [EstateBuilder.OfficePrefix, EstateBuilder.AdminHost]));
                    break;
            }
        }
        else if (rng.Next(3) == 0)
        {
            b.AddRule(nsg, new RuleSpec($"deny-{mgmtName}-internet", "Deny", "Tcp", [mgmtPort], ["Internet"]));
        }

        // Everyday extras that do not touch management ports from the Internet.
        if (rng.NextDouble() < 0.5)
            b.AddRule(nsg, new RuleSpec("allow-https", "Allow", "Tcp", ["443"], ["Internet"]));
        if (rng.NextDouble() < 0.3)
            b.AddRule(nsg, new RuleSpec("allow-http", "Allow", "Tcp", ["80"], ["*"]));
        if (rng.NextDouble() < 0.15)
            b.AddRule(nsg, new RuleSpec("allow-winrm-vnet", "Allow", "Tcp", ["5985-5986"], ["VirtualNetwork"]));
        if (rng.NextDouble() < 0.1)
            b.AddRule(nsg, new RuleSpec("deny-telnet", "Deny", "*", ["23"], ["*"]));
        if (rng.NextDouble() < 0.1)
            b.AddRule(nsg, new RuleSpec("allow-lb-probe", "Allow", "Tcp", ["8080"], ["AzureLoadBalancer"]));
    }
}
