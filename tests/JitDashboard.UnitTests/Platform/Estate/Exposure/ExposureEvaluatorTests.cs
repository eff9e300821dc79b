using System.Net;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.UnitTests.Platform.Estate.Exposure;

public sealed class ExposureEvaluatorTests
{
    private static readonly IPAddress PrivateIp = IPAddress.Parse("10.0.1.4");
    private static readonly PublicIpInput StandardIp = new("pip-std", "20.1.0.11", "Standard");
    private static readonly PublicIpInput BasicIp = new("pip-basic", "20.1.0.12", "Basic");

    private static NsgRule Rule(string name, int priority, RuleAccess access, string source, string port = "*", string protocol = "Tcp", string destination = "*") =>
        new(name, priority, access, protocol, [source], [port], [destination]);

    private static NsgInput NsgOf(string name, params NsgRule[] rules) => new($"/nsg/{name}", name, rules);

    private static NicInput Nic(NsgInput? nicNsg, NsgInput? subnetNsg = null, PublicIpInput? publicIp = null, string name = "nic1") =>
        new($"/nic/{name}", name, nicNsg, [new IpConfigInput("ipconfig1", PrivateIp, publicIp ?? StandardIp, subnetNsg)]);

    private static PortDecision Port(int port, params NicInput[] nics) => ExposureEvaluator.EvaluatePort(nics, port);

    // Each source spelling that means "any Internet address" opens the port; those that are not the Internet do not.
    [Theory]
    [InlineData("*", PortExposure.Open)]
    [InlineData("Internet", PortExposure.Open)]
    [InlineData("0.0.0.0/0", PortExposure.Open)]
    [InlineData("::/0", PortExposure.Open)]
    [InlineData("Any", PortExposure.Open)]
    [InlineData("VirtualNetwork", PortExposure.Closed)]
    [InlineData("AzureLoadBalancer", PortExposure.Closed)]
    [InlineData("10.0.0.0/8", PortExposure.Closed)]
    [InlineData("192.168.1.0/24", PortExposure.Closed)]
    [InlineData("203.0.113.0/24", PortExposure.Restricted)]
    [InlineData("198.51.100.10", PortExposure.Restricted)]
    public void Source_Spelling_DecidesExposure(string source, PortExposure expected)
    {
        var decision = Port(22, Nic(NsgOf("nsg", Rule("r", 300, RuleAccess.Allow, source, "22"))));

        Assert.Equal(expected, decision.Exposure);
        if (expected == PortExposure.Restricted) Assert.Equal([source], decision.Sources);
        if (expected == PortExposure.Open) Assert.Equal(["*"], decision.Sources);
    }

    [Theory]
    [InlineData("22", 22, true)]
    [InlineData("*", 3389, true)]
    [InlineData("3380-3390", 3389, true)]
    [InlineData("20-25", 22, true)]
    [InlineData("20-25", 5985, false)]
    [InlineData("5985-5986", 5986, true)]
    [InlineData("2222", 22, false)]
    [InlineData("223", 22, false)]
    public void PortRange_Forms_Match(string range, int port, bool matches)
    {
        var decision = Port(port, Nic(NsgOf("nsg", Rule("r", 300, RuleAccess.Allow, "*", range))));

        Assert.Equal(matches ? PortExposure.Open : PortExposure.Closed, decision.Exposure);
    }

    [Fact]
    public void PortList_AnyEntry_Matches()
    {
        var rule = new NsgRule("list", 300, RuleAccess.Allow, "*", ["*"], ["443", "22"], ["*"]);
        var nic = Nic(NsgOf("nsg", rule));

        Assert.Equal(PortExposure.Open, Port(22, nic).Exposure);
        Assert.Equal(PortExposure.Closed, Port(3389, nic).Exposure);
    }

    [Theory]
    [InlineData("Tcp", PortExposure.Open)]
    [InlineData("*", PortExposure.Open)]
    [InlineData("Udp", PortExposure.Closed)]
    [InlineData("Icmp", PortExposure.Closed)]
    public void Protocol_OnlyTcpOrAny_Matches(string protocol, PortExposure expected) =>
        Assert.Equal(expected, Port(3389, Nic(NsgOf("nsg", Rule("r", 300, RuleAccess.Allow, "*", "3389", protocol)))).Exposure);

    [Theory]
    [InlineData("*", PortExposure.Open)]
    [InlineData("VirtualNetwork", PortExposure.Open)]
    [InlineData("10.0.1.4", PortExposure.Open)]
    [InlineData("10.0.1.0/24", PortExposure.Open)]
    [InlineData("10.0.2.0/24", PortExposure.Closed)]
    [InlineData("AzureLoadBalancer", PortExposure.Closed)]
    public void Destination_MustContainPrivateIp(string destination, PortExposure expected) =>
        Assert.Equal(expected, Port(22, Nic(NsgOf("nsg", Rule("r", 300, RuleAccess.Allow, "*", "22", destination: destination)))).Exposure);

    [Fact]
    public void DestinationPrefixList_AnyEntryContainingPrivateIp_Matches()
    {
        var rule = new NsgRule("r", 300, RuleAccess.Allow, "*", ["*"], ["22"], ["10.9.0.0/16", "10.0.1.0/24"]);

        Assert.Equal(PortExposure.Open, Port(22, Nic(NsgOf("nsg", rule))).Exposure);
    }

    [Fact]
    public void SourcePrefixList_ReportsEveryInternetPrefix_SkipsPrivate()
    {
        var rule = new NsgRule("office", 300, RuleAccess.Allow, "*", ["203.0.113.0/24", "10.0.0.0/8", "198.51.100.10/32"], ["3389"], ["*"]);

        var decision = Port(3389, Nic(NsgOf("nsg", rule)));

        Assert.Equal(PortExposure.Restricted, decision.Exposure);
        Assert.Equal(["198.51.100.10/32", "203.0.113.0/24"], decision.Sources);
    }

    [Fact]
    public void Priority_LowerNumberDecides_DenyBeforeAllow()
    {
        var nic = Nic(NsgOf("nsg", Rule("allow", 200, RuleAccess.Allow, "*", "22"), Rule("deny", 100, RuleAccess.Deny, "*", "22")));

        var decision = Port(22, nic);

        Assert.Equal(PortExposure.Closed, decision.Exposure);
        var step = Assert.Single(decision.Paths.Single().Steps);
        Assert.Equal(("deny", 100, RuleAccess.Deny, true), (step.RuleName, step.Priority, step.Access, step.Decisive));
    }

    [Fact]
    public void SpecificDenyThenAllowAny_IsStillOpen()
    {
        var nic = Nic(NsgOf("nsg", Rule("deny-bad", 100, RuleAccess.Deny, "198.51.100.0/24", "22"), Rule("allow-all", 200, RuleAccess.Allow, "*", "22")));

        Assert.Equal(PortExposure.Open, Port(22, nic).Exposure);
    }

    [Fact]
    public void SpecificAllowThenDenyAny_IsRestricted()
    {
        var nic = Nic(NsgOf("nsg", Rule("office", 100, RuleAccess.Allow, "203.0.113.0/24", "22"), Rule("deny-all", 200, RuleAccess.Deny, "*", "22")));

        var decision = Port(22, nic);

        Assert.Equal(PortExposure.Restricted, decision.Exposure);
        Assert.Equal(["office", "deny-all"], decision.Paths.Single().Steps.Select(s => s.RuleName));
    }

    [Fact]
    public void ShadowedAllow_InsideEarlierDeny_DoesNotCount()
    {
        var nic = Nic(NsgOf("nsg",
            Rule("deny-net", 100, RuleAccess.Deny, "203.0.113.0/24", "22"),
            Rule("allow-host", 200, RuleAccess.Allow, "203.0.113.5/32", "22")));

        var decision = Port(22, nic);

        Assert.Equal(PortExposure.Closed, decision.Exposure);
        Assert.DoesNotContain(decision.Paths.Single().Steps, s => s.RuleName == "allow-host");
    }

    [Fact]
    public void DefaultRules_OmittedFromAnswer_AreAssumed_DenyAllCloses()
    {
        var decision = Port(22, Nic(NsgOf("empty")));

        Assert.Equal(PortExposure.Closed, decision.Exposure);
        var step = Assert.Single(decision.Paths.Single().Steps);
        Assert.Equal(("DenyAllInBound", 65500, true), (step.RuleName, step.Priority, step.IsDefault));
    }

    [Fact]
    public void DefaultRules_Explicit_AreNotDuplicated()
    {
        var nsg = NsgOf("nsg", [.. ExposureEvaluator.DefaultInboundRules]);

        var steps = Port(22, Nic(nsg)).Paths.Single().Steps;

        Assert.Single(steps, s => s.RuleName == "DenyAllInBound");
    }

    [Theory]
    [InlineData(RuleAccess.Allow, RuleAccess.Allow, PortExposure.Open)]
    [InlineData(RuleAccess.Allow, RuleAccess.Deny, PortExposure.Closed)]
    [InlineData(RuleAccess.Deny, RuleAccess.Allow, PortExposure.Closed)]
    [InlineData(RuleAccess.Deny, RuleAccess.Deny, PortExposure.Closed)]
    public void SubnetThenNic_BothMustAllow(RuleAccess subnet, RuleAccess nic, PortExposure expected)
    {
        var decision = Port(22, Nic(NsgOf("nic-nsg", Rule("n", 300, nic, "*", "22")), NsgOf("subnet-nsg", Rule("s", 300, subnet, "*", "22"))));

        Assert.Equal(expected, decision.Exposure);
        Assert.Equal(NsgLevel.Subnet, decision.Paths.Single().Steps[0].Level);
    }

    [Fact]
    public void SubnetOpen_NicRestricted_IsRestrictedToNicPrefix()
    {
        var decision = Port(3389, Nic(NsgOf("nic-nsg", Rule("office", 300, RuleAccess.Allow, "203.0.113.0/24", "3389")), NsgOf("subnet-nsg", Rule("any", 300, RuleAccess.Allow, "*", "3389"))));

        Assert.Equal(PortExposure.Restricted, decision.Exposure);
        Assert.Equal(["203.0.113.0/24"], decision.Sources);
    }

    [Fact]
    public void BothRestricted_NestedPrefixes_IntersectToTheSmaller_DisjointToNothing()
    {
        var nested = Port(22, Nic(NsgOf("nic", Rule("host", 300, RuleAccess.Allow, "203.0.113.7", "22")), NsgOf("subnet", Rule("net", 300, RuleAccess.Allow, "203.0.113.0/24", "22"))));
        var disjoint = Port(22, Nic(NsgOf("nic", Rule("a", 300, RuleAccess.Allow, "198.51.100.0/24", "22")), NsgOf("subnet", Rule("b", 300, RuleAccess.Allow, "203.0.113.0/24", "22"))));

        Assert.Equal((PortExposure.Restricted, "203.0.113.7"), (nested.Exposure, nested.Sources.Single()));
        Assert.Equal(PortExposure.Closed, disjoint.Exposure);
    }

    [Fact]
    public void SubnetNsgOnly_IsEvaluated()
    {
        Assert.Equal(PortExposure.Open, Port(22, Nic(null, NsgOf("subnet", Rule("ssh", 300, RuleAccess.Allow, "Internet", "22")))).Exposure);
    }

    [Fact]
    public void NoNsg_BasicPublicIp_IsOpen_StandardIsClosed()
    {
        var basic = Port(3389, Nic(null, null, BasicIp));
        var standard = Port(3389, Nic(null, null, StandardIp));

        Assert.Equal(PortExposure.Open, basic.Exposure);
        Assert.Contains("Basic", basic.Paths.Single().Reason, StringComparison.Ordinal);
        Assert.Equal(PortExposure.Closed, standard.Exposure);
        Assert.Contains("Standard", standard.Paths.Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPublicIp_IsClosed_WithoutPaths()
    {
        var nic = new NicInput("/nic/x", "x", NsgOf("nsg", Rule("ssh", 300, RuleAccess.Allow, "*", "22")), [new IpConfigInput("ipconfig1", PrivateIp, null, null)]);

        var decision = Port(22, nic);

        Assert.Equal(PortExposure.Closed, decision.Exposure);
        Assert.Empty(decision.Paths);
        Assert.Contains("No public IP", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralNics_MostExposedPathWins()
    {
        var closed = Nic(NsgOf("a"), name: "nic-a");
        var open = Nic(NsgOf("b", Rule("ssh", 300, RuleAccess.Allow, "*", "22")), name: "nic-b");

        var decision = Port(22, closed, open);

        Assert.Equal(PortExposure.Open, decision.Exposure);
        Assert.Equal(2, decision.Paths.Count);
    }

    [Fact]
    public void SeveralIpConfigurations_RestrictedPrefixesAreUnited()
    {
        var nsg = NsgOf("nsg", Rule("a", 300, RuleAccess.Allow, "203.0.113.0/24", "22", destination: "10.0.1.4"), Rule("b", 310, RuleAccess.Allow, "198.51.100.0/24", "22", destination: "10.0.1.5"));
        var nic = new NicInput("/nic/x", "x", nsg,
        [
            new IpConfigInput("ipconfig1", PrivateIp, StandardIp, null),
            new IpConfigInput("ipconfig2", IPAddress.Parse("10.0.1.5"), BasicIp, null),
        ]);

        var decision = Port(22, nic);

        Assert.Equal(PortExposure.Restricted, decision.Exposure);
        Assert.Equal(["198.51.100.0/24", "203.0.113.0/24"], decision.Sources);
    }

    [Fact]
    public void JitDenyRule_AfterEarlierCustomAllow_LeavesPortOpen()
    {
        // Defender puts its deny rule after existing rules for the port: those keep precedence (just-in-time-access-overview.md).
        var jitDeny = new NsgRule("SecurityCenter-JITRule_1_ABC", 1000, RuleAccess.Deny, "*", ["*"], ["22", "3389", "5985", "5986"], ["10.0.1.4"]);
        var nic = Nic(NsgOf("nsg", Rule("ssh-any", 300, RuleAccess.Allow, "*", "22"), jitDeny));

        Assert.Equal(PortExposure.Open, Port(22, nic).Exposure);
        Assert.Equal(PortExposure.Closed, Port(3389, nic).Exposure);
        Assert.Equal("SecurityCenter-JITRule_1_ABC", Port(3389, nic).Paths.Single().Steps.Single().RuleName);
    }

    [Fact]
    public void JitGrant_AllowBeforeDeny_IsRestrictedToGrantee()
    {
        var grant = new NsgRule("SecurityCenter-JITRule-1-ABC", 100, RuleAccess.Allow, "*", ["198.51.100.7"], ["3389"], ["10.0.1.4"]);
        var jitDeny = new NsgRule("SecurityCenter-JITRule_1_ABC", 1000, RuleAccess.Deny, "*", ["*"], ["3389"], ["10.0.1.4"]);

        var decision = Port(3389, Nic(NsgOf("nsg", grant, jitDeny)));

        Assert.Equal((PortExposure.Restricted, "198.51.100.7"), (decision.Exposure, decision.Sources.Single()));
        Assert.Contains("198.51.100.7", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DefaultPorts_AreTheFourManagementPorts()
    {
        var decisions = ExposureEvaluator.Evaluate([Nic(NsgOf("nsg", Rule("ssh", 300, RuleAccess.Allow, "*", "22")))]);

        Assert.Equal([22, 3389, 5985, 5986], decisions.Select(d => d.Port));
        Assert.Equal([PortExposure.Open, PortExposure.Closed, PortExposure.Closed, PortExposure.Closed], decisions.Select(d => d.Exposure));
    }

    [Theory]
    [InlineData("10.0.1.7/24", "10.0.1.0/24")]
    [InlineData("203.0.113.9", "203.0.113.9/32")]
    [InlineData("2001:db8::1/64", "2001:db8::/64")]
    public void AddressPrefix_MasksHostBits(string text, string network)
    {
        Assert.True(AddressPrefix.TryParseNetwork(text, out var parsed));
        Assert.Equal(network, parsed.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.1.1.1")]
    [InlineData("Storage")]
    [InlineData("10.0.0.0/-1")]
    public void AddressPrefix_NotAnAddress_IsNoNetwork(string text) => Assert.False(AddressPrefix.TryParseNetwork(text, out _));
}
