using JitDashboard.Features.Policies;

namespace JitDashboard.UnitTests.Features.Policies;

public sealed class PolicyTemplateValidatorTests
{
    private static PolicyTemplateInput With(params PolicyTemplatePort[] ports) => new("t", null, ports);

    [Fact]
    public void DefenderDefault_IsValid()
    {
        Assert.Empty(PolicyTemplateValidator.Validate(new("Defender default", null, PolicyTemplateDefaults.DefenderPorts())));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    [InlineData(-1)]
    public void PortOutOfRange_IsRejected(int number)
    {
        var errors = PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = number }));
        Assert.Contains("outside 1..65535", Assert.Single(errors["ports[0].number"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PT4M")]
    [InlineData("PT25H")]
    [InlineData("P2D")]
    [InlineData("3h")]
    [InlineData("")]
    public void DurationOutsideFiveMinutesTo24Hours_IsRejected(string duration)
    {
        var errors = PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = 22, MaxRequestAccessDuration = duration }));
        Assert.True(errors.ContainsKey("ports[0].maxRequestAccessDuration"));
    }

    [Theory]
    [InlineData("PT5M")]
    [InlineData("PT24H")]
    [InlineData("P1D")]
    [InlineData("PT1H30M")]
    public void DurationWithinBounds_IsAccepted(string duration)
    {
        Assert.Empty(PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = 22, MaxRequestAccessDuration = duration })));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.1.1.1")]
    [InlineData("10.1")]
    [InlineData("Internet")]
    [InlineData("abc")]
    public void BadPrefix_IsRejected(string source)
    {
        var errors = PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = 22, AllowedSources = [source] }));
        Assert.True(errors.ContainsKey("ports[0].allowedSources"));
    }

    [Fact]
    public void PrefixList_OfAddressesAndCidrs_IsAccepted()
    {
        Assert.Empty(PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = 22, AllowedSources = ["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"] })));
    }

    [Fact]
    public void DuplicatePorts_AreRejected_UnlessForDifferentOs()
    {
        var dup = PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = 22 }, new PolicyTemplatePort { Number = 22 }));
        Assert.Contains("more than once", Assert.Single(dup["ports"]), StringComparison.Ordinal);

        Assert.Empty(PolicyTemplateValidator.Validate(With(new PolicyTemplatePort { Number = 22, OsType = "Linux" }, new PolicyTemplatePort { Number = 22, OsType = "Windows" })));
    }

    [Fact]
    public void EveryErrorIsListed_PerField()
    {
        var errors = PolicyTemplateValidator.Validate(new PolicyTemplateInput(new string('n', 101), null,
        [
            new PolicyTemplatePort { Number = 0, Protocol = "ICMP", MaxRequestAccessDuration = "PT1M", AllowedSources = ["nope"] },
        ]));
        Assert.Equal(["name", "ports[0].number", "ports[0].protocol", "ports[0].allowedSources", "ports[0].maxRequestAccessDuration"], errors.Keys);
    }

    [Fact]
    public void PortsFor_FiltersByOs()
    {
        var template = new PolicyTemplate
        {
            Ports = [new() { Number = 22, OsType = "Linux" }, new() { Number = 3389, OsType = "Windows" }, new() { Number = 5986 }],
        };
        Assert.Equal([22, 5986], template.PortsFor("Linux").Select(p => p.Number));
        Assert.Equal([3389, 5986], template.PortsFor("windows").Select(p => p.Number));
        var rule = new PolicyTemplatePort { Number = 22, AllowedSources = ["1.2.3.4", "5.6.7.8"] }.ToRule();
        Assert.Null(rule.AllowedSourceAddressPrefix);
        Assert.Equal(["1.2.3.4", "5.6.7.8"], rule.AllowedSourceAddressPrefixes!);
    }
}
