using System.Net;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.UnitTests.Platform.Estate.Exposure;

/// <summary>
/// Issue 17's table, row by row and in combination: public IP, load balancer NAT rule, load-balancing rule, Azure
/// Firewall DNAT (classic and policy), AVNM admin rules, application security groups, AzureCloud as a source.
/// </summary>
public sealed class ExposurePathsTests
{
    private static readonly IPAddress PrivateIp = IPAddress.Parse("10.0.1.4");
    private static readonly IPAddress FirewallIp = IPAddress.Parse("10.0.250.4");
    private static readonly PublicIpInput StandardIp = new("pip-std", "20.1.0.11", "Standard");
    private const string Asg = "/subscriptions/s/resourcegroups/rg/providers/microsoft.network/applicationsecuritygroups/asg-ssh";

    private static NsgRule Rule(string name, int priority, RuleAccess access, string source, string port = "22") =>
        new(name, priority, access, "Tcp", [source], [port], ["*"]);

    private static NsgInput Nsg(params NsgRule[] rules) => new("/nsg/n", "nsg-nic", rules);

    private static readonly NsgInput AllowSshAny = Nsg(Rule("allow-ssh-any", 300, RuleAccess.Allow, "*"));
    private static readonly NsgInput DefaultsOnly = Nsg();
    private static readonly NsgInput JitDeny = Nsg(new NsgRule("SecurityCenter-JITRule_1_X", 1000, RuleAccess.Deny, "*", ["*"], ["22"], ["10.0.1.4"]));

    private static LoadBalancerDoor Nat(string sku = "Standard", int backend = 22) => new(PathKind.LoadBalancerNat, "lb", sku, "nat-ssh", "20.9.9.9", 50022, backend, "Tcp");

    private static LoadBalancerDoor LbRule(int backend = 22) => new(PathKind.LoadBalancerRule, "lb", "Standard", "ssh-rule", "20.9.9.9", 22, backend, "Tcp");

    private static FirewallDoor Dnat(string[] sources, string? policy = null, string[]? ipGroups = null) =>
        new("afw", policy, "dnat", "dnat-ssh", "20.8.8.8", "52201", sources, ipGroups ?? [], 22, ["TCP"], FirewallIp);

    private static AdminRuleInput Admin(AdminAccess access, string source = "*", int priority = 10, string port = "22") =>
        new($"admin-{access}".ToLowerInvariant(), priority, access, "Tcp", [source], ["*"], [port]);

    private static PortDecision Evaluate(IpConfigInput configuration, NsgInput? nicNsg, int port = 22) =>
        ExposureEvaluator.EvaluatePort([new NicInput("/nic/n", "nic", nicNsg, [configuration])], port);

    private static IpConfigInput Config(PublicIpInput? publicIp = null) => new("ipconfig1", PrivateIp, publicIp, null);

    public sealed record PathCase(string Name, IpConfigInput Configuration, NsgInput? NicNsg, PortExposure Exposure, PathKind[] Via, string? JitCannotProtect = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<PathCase> Table() => new(
    [
        // Row: public IP on the NIC ip configuration (as before).
        new("public IP, NSG allows *", Config(StandardIp), AllowSshAny, PortExposure.Open, [PathKind.PublicIp]),
        new("public IP, defaults only", Config(StandardIp), DefaultsOnly, PortExposure.Closed, []),
        // Row: public load balancer inbound NAT rule; NSGs judge the backend port with the client's address.
        new("NAT rule, NSG allows *", Config() with { LoadBalancerDoors = [Nat()] }, AllowSshAny, PortExposure.Open, [PathKind.LoadBalancerNat]),
        new("NAT rule, NSG defaults deny", Config() with { LoadBalancerDoors = [Nat()] }, DefaultsOnly, PortExposure.Closed, []),
        new("NAT rule to another backend port", Config() with { LoadBalancerDoors = [Nat(backend: 2222)] }, AllowSshAny, PortExposure.Closed, []),
        new("NAT rule, Standard LB without NSG is closed", Config() with { LoadBalancerDoors = [Nat()] }, null, PortExposure.Closed, []),
        new("NAT rule, Basic LB without NSG is open", Config() with { LoadBalancerDoors = [Nat("Basic")] }, null, PortExposure.Open, [PathKind.LoadBalancerNat]),
        new("NAT rule, NSG allows the office only", Config() with { LoadBalancerDoors = [Nat()] }, Nsg(Rule("office", 300, RuleAccess.Allow, "203.0.113.0/24")), PortExposure.Restricted, [PathKind.LoadBalancerNat]),
        // Row: public load-balancing rule whose pool holds the ip configuration.
        new("LB rule, NSG allows Internet", Config() with { LoadBalancerDoors = [LbRule()] }, Nsg(Rule("internet", 300, RuleAccess.Allow, "Internet")), PortExposure.Open, [PathKind.LoadBalancerRule]),
        new("LB rule, JIT deny rule closes it", Config() with { LoadBalancerDoors = [LbRule()] }, JitDeny, PortExposure.Closed, []),
        // Row: Azure Firewall DNAT; the NSGs see the firewall's address, the DNAT sources decide.
        new("classic DNAT from *, NSG defaults allow the VNet", Config() with { FirewallDoors = [Dnat(["*"])] }, DefaultsOnly, PortExposure.Open, [PathKind.FirewallDnat]),
        new("classic DNAT from the office", Config() with { FirewallDoors = [Dnat(["203.0.113.0/24"])] }, DefaultsOnly, PortExposure.Restricted, [PathKind.FirewallDnat]),
        new("DNAT, NSG denies * (JIT) before the VNet default", Config() with { FirewallDoors = [Dnat(["*"])] }, JitDeny, PortExposure.Closed, []),
        new("DNAT, NSG allows Internet only: the firewall's VNet address is not the Internet", Config() with { FirewallDoors = [Dnat(["*"])] },
            Nsg(Rule("internet-only", 300, RuleAccess.Allow, "Internet"), Rule("deny-vnet", 310, RuleAccess.Deny, "VirtualNetwork")), PortExposure.Closed, []),
        new("policy DNAT from *: JIT cannot protect", Config() with { FirewallDoors = [Dnat(["*"], policy: "fw-policy")] }, DefaultsOnly, PortExposure.Open, [PathKind.FirewallDnat],
            ExposureEvaluator.FirewallPolicyJitReason),
        new("DNAT from an IP group: Unknown", Config() with { FirewallDoors = [Dnat([], ipGroups: ["ipg-partners"])] }, DefaultsOnly, PortExposure.Unknown, []),
        // Row: AVNM security admin rules, before NSGs.
        new("admin Deny over an NSG allow", Config(StandardIp) with { AdminRules = [Admin(AdminAccess.Deny)] }, AllowSshAny, PortExposure.Closed, []),
        new("admin AlwaysAllow over an NSG deny", Config(StandardIp) with { AdminRules = [Admin(AdminAccess.AlwaysAllow)] }, DefaultsOnly, PortExposure.Open, [PathKind.PublicIp],
            ExposureEvaluator.AlwaysAllowJitReason),
        new("admin Allow hands over to the NSGs (deny)", Config(StandardIp) with { AdminRules = [Admin(AdminAccess.Allow)] }, DefaultsOnly, PortExposure.Closed, []),
        new("admin Allow hands over to the NSGs (allow)", Config(StandardIp) with { AdminRules = [Admin(AdminAccess.Allow)] }, AllowSshAny, PortExposure.Open, [PathKind.PublicIp]),
        new("admin AlwaysAllow for the office only", Config(StandardIp) with { AdminRules = [Admin(AdminAccess.AlwaysAllow, "203.0.113.0/24")] }, DefaultsOnly, PortExposure.Restricted, [PathKind.PublicIp],
            ExposureEvaluator.AlwaysAllowJitReason),
        new("admin Deny for another port", Config(StandardIp) with { AdminRules = [Admin(AdminAccess.Deny, port: "3389")] }, AllowSshAny, PortExposure.Open, [PathKind.PublicIp]),
        new("admin Deny closes a NAT door too", Config() with { LoadBalancerDoors = [Nat()], AdminRules = [Admin(AdminAccess.Deny)] }, AllowSshAny, PortExposure.Closed, []),
        new("admin rules unreadable: Unknown", Config(StandardIp) with { AdminRulesUnknownReason = "Network manager admin rules could not be read: 403" }, AllowSshAny, PortExposure.Unknown, [PathKind.PublicIp]),
        // Row: application security groups.
        new("destination ASG, member", Config(StandardIp) with { Asgs = new HashSet<string> { Asg } },
            Nsg(Rule("to-asg", 300, RuleAccess.Allow, "*") with { DestinationAsgs = [Asg] }), PortExposure.Open, [PathKind.PublicIp]),
        new("destination ASG, not a member", Config(StandardIp),
            Nsg(Rule("to-asg", 300, RuleAccess.Allow, "*") with { DestinationAsgs = [Asg] }), PortExposure.Closed, []),
        new("source ASG never matches the Internet", Config(StandardIp) with { Asgs = new HashSet<string> { Asg } },
            Nsg(new NsgRule("from-asg", 300, RuleAccess.Allow, "Tcp", [], ["22"], ["*"]) { SourceAsgs = [Asg] }), PortExposure.Closed, []),
        // Row: service tags as source.
        new("AzureCloud allow counts as Open", Config(StandardIp), Nsg(Rule("azurecloud", 300, RuleAccess.Allow, "AzureCloud")), PortExposure.Open, [PathKind.PublicIp]),
        new("AzureCloud.westeurope allow counts as Open", Config(StandardIp), Nsg(Rule("azurecloud-we", 300, RuleAccess.Allow, "AzureCloud.westeurope")), PortExposure.Open, [PathKind.PublicIp]),
        new("AzureCloud deny does not close the rest of the Internet", Config(StandardIp),
            Nsg(Rule("deny-azurecloud", 200, RuleAccess.Deny, "AzureCloud"), Rule("allow-any", 300, RuleAccess.Allow, "*")), PortExposure.Open, [PathKind.PublicIp]),
        // Combinations.
        new("Closed on the public IP but Open through a NAT rule (Basic LB, no NSG)",
            new IpConfigInput("ipconfig1", PrivateIp, StandardIp, null) { LoadBalancerDoors = [Nat("Basic")] }, null, PortExposure.Open, [PathKind.LoadBalancerNat]),
        new("Restricted on the public IP, Open through a firewall", Config(StandardIp) with { FirewallDoors = [Dnat(["*"])] },
            Nsg(Rule("office", 300, RuleAccess.Allow, "203.0.113.0/24")), PortExposure.Open, [PathKind.FirewallDnat, PathKind.PublicIp]),
        new("every door at once", Config(StandardIp) with { LoadBalancerDoors = [Nat(), LbRule()], FirewallDoors = [Dnat(["*"])] }, AllowSshAny, PortExposure.Open,
            [PathKind.PublicIp, PathKind.LoadBalancerNat, PathKind.LoadBalancerRule, PathKind.FirewallDnat]),
        new("a door source unreadable and nothing open: Unknown", Config(StandardIp) with { DoorsUnknownReason = "Load balancers could not be read: 403" }, DefaultsOnly, PortExposure.Unknown, []),
        new("a door source unreadable but Open anyway", Config(StandardIp) with { DoorsUnknownReason = "Load balancers could not be read: 403" }, AllowSshAny, PortExposure.Open, [PathKind.PublicIp]),
    ]);

    [Theory]
    [MemberData(nameof(Table))]
    public void EveryRow_IsEvaluated(PathCase row)
    {
        var decision = Evaluate(row.Configuration, row.NicNsg);

        Assert.Equal(row.Exposure, decision.Exposure);
        Assert.Equal(row.Via.Order(), decision.Via.Order());
        if (row.JitCannotProtect is not null)
            Assert.Contains(decision.Paths, p => p.JitCannotProtectReason == row.JitCannotProtect);
        else
            Assert.All(decision.Paths, p => Assert.Null(p.JitCannotProtectReason));
        if (decision.Exposure == PortExposure.Unknown) Assert.False(string.IsNullOrEmpty(decision.UnknownReason));
        // Every path is told hop by hop: the door first, exactly one deciding hop.
        foreach (var path in decision.Paths)
        {
            Assert.Equal(HopKind.Door, path.Hops[0].Kind);
            Assert.Single(path.Hops, h => h.Decisive);
        }
    }

    [Fact]
    public void AdminDeny_IsTheDecidingHop_NotTheNsgAllow()
    {
        var decision = Evaluate(Config(StandardIp) with { AdminRules = [Admin(AdminAccess.Deny)] }, AllowSshAny);

        var hops = decision.Paths.Single().Hops;
        Assert.Equal((HopKind.AdminRule, "Deny"), (hops.Single(h => h.Decisive).Kind, hops.Single(h => h.Decisive).Access));
        Assert.Contains(hops, h => h.Kind == HopKind.NsgRule && h.Access == "Allow");
    }

    [Fact]
    public void RestrictedDnat_DecidedByTheDnatRule_ReportsItsSources()
    {
        var decision = Evaluate(Config() with { FirewallDoors = [Dnat(["203.0.113.0/24", "10.0.0.0/8"])] }, DefaultsOnly);

        Assert.Equal(["203.0.113.0/24"], decision.Sources);
        Assert.True(decision.Paths.Single().Hops[0].Decisive);
    }

    [Theory]
    [InlineData("allow-any", "*", true, "securityRules/allow-any")]
    [InlineData("allow-office", "203.0.113.0/24", false, "defaultSecurityRules/DenyAllInBound")]
    [InlineData("allow-internet", "Internet", true, "securityRules/allow-internet")]
    public void VerifyFlow_NamesTheRuleAsAzureDoes(string name, string source, bool allowed, string rule)
    {
        var nic = new NicInput("/nic/n", "nic", Nsg(Rule(name, 300, RuleAccess.Allow, source)), [Config(StandardIp)]);

        var answer = ExposureEvaluator.VerifyFlow(nic, nic.IpConfigurations[0], 22, IPAddress.Parse("192.0.2.123"));

        Assert.Equal((allowed, rule), answer);
    }

    [Fact]
    public void VerifyFlow_AdminRulesDecideFirst()
    {
        var configuration = Config(StandardIp) with { AdminRules = [Admin(AdminAccess.AlwaysAllow)] };
        var nic = new NicInput("/nic/n", "nic", DefaultsOnly, [configuration]);

        Assert.Equal((true, "securityAdminRules/admin-alwaysallow"), ExposureEvaluator.VerifyFlow(nic, configuration, 22, IPAddress.Parse("192.0.2.123")));
    }
}
