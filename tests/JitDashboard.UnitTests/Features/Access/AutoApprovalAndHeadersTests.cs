using Microsoft.Extensions.Configuration;
using System.Net;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Identity;

namespace JitDashboard.UnitTests.Features.Access;

public sealed class AutoApprovalTests
{
    private static readonly Dictionary<string, string> Tags = new() { ["env"] = "dev", ["owner"] = "ops" };

    private static AutoApprovalRule Rule(string? role = null, string? rg = null, string? tag = null, string max = "PT1H") =>
        new() { Name = "r", RequesterRole = role, ResourceGroup = rg, Tag = tag, MaxDuration = System.Xml.XmlConvert.ToTimeSpan(max) };

    [Theory]
    [InlineData(null, "rg-dev", null, 30, true)]
    [InlineData(null, "RG-DEV", null, 30, true)]
    [InlineData(null, "rg-prod", null, 30, false)]
    [InlineData(null, "rg-dev", null, 61, false)]
    [InlineData(Roles.Operator, null, null, 30, true)]
    [InlineData(Roles.Admin, null, null, 30, false)]
    [InlineData(null, null, "env=dev", 30, true)]
    [InlineData(null, null, "env=prod", 30, false)]
    [InlineData(null, null, "owner", 30, true)]
    [InlineData(null, null, "team=*", 30, false)]
    public void Matches_EveryConditionMustHold(string? role, string? rg, string? tag, int minutes, bool expected) =>
        Assert.Equal(expected, AutoApproval.Matches(Rule(role, rg, tag), TimeSpan.FromMinutes(minutes), "rg-dev", Tags, [Roles.Operator]));

    [Fact]
    public void DisabledRule_NeverMatches()
    {
        var rule = Rule(rg: "rg-dev");
        rule.Enabled = false;
        Assert.False(AutoApproval.Matches(rule, TimeSpan.FromMinutes(5), "rg-dev", Tags, []));
    }

    [Fact]
    public void Validate_RefusesUnboundedOrMalformedRules()
    {
        Assert.Contains("requesterRole", AutoApproval.Validate(new AutoApprovalRuleInput("all", null, null, null, "PT1H", true), out _).Keys);
        Assert.Contains("maxDuration", AutoApproval.Validate(new AutoApprovalRuleInput("x", null, "rg", null, "PT25H", true), out _).Keys);
        Assert.Contains("requesterRole", AutoApproval.Validate(new AutoApprovalRuleInput("x", "God", null, null, "PT1H", true), out _).Keys);
        Assert.Empty(AutoApproval.Validate(new AutoApprovalRuleInput("x", null, "rg", null, "PT1H", true), out var max));
        Assert.Equal(TimeSpan.FromHours(1), max);
    }
}

public sealed class AccessGrantsTests
{
    private static readonly AccessRequest Request = new() { Id = Guid.NewGuid(), Ports = [22], SourceAddressPrefix = "203.0.113.7", Justification = "Patch", RequestedBy = "alice", DecidedBy = "bob", Ticket = "CHG-1" };

    private static SecurityRule Rule(string name = "SecurityCenter-JITRule-1-AB", string access = "Allow", string source = "203.0.113.7", string port = "22", string? vm = "vm1") => new()
    {
        Name = name,
        Properties = new SecurityRuleProperties
        {
            Access = access, Direction = "Inbound", SourceAddressPrefix = source, DestinationPortRange = port,
            Description = vm is null ? null : $"ASC JIT Network Access rule created by an initiation request for policy 'default' of VM '{vm}'.",
        },
    };

    [Fact]
    public void IsGrantRule_OnlyTheJitAllowRuleForThisSourcePortAndVm()
    {
        Assert.True(AccessGrants.IsGrantRule(Rule(), Request, "vm1"));
        Assert.True(AccessGrants.IsGrantRule(Rule(vm: null), Request, "vm1"));
        Assert.False(AccessGrants.IsGrantRule(Rule(name: "SecurityCenter-JITRule_1_AB", access: "Deny"), Request, "vm1"));
        Assert.False(AccessGrants.IsGrantRule(Rule(name: "allow-ssh"), Request, "vm1"));
        Assert.False(AccessGrants.IsGrantRule(Rule(source: "198.51.100.1"), Request, "vm1"));
        Assert.False(AccessGrants.IsGrantRule(Rule(port: "3389"), Request, "vm1"));
        Assert.False(AccessGrants.IsGrantRule(Rule(vm: "vm2"), Request, "vm1"));
    }

    [Fact]
    public void Justification_CarriesRequesterApproverTicketAndMarker()
    {
        var text = AccessGrants.Justification(Request);
        Assert.Equal($"Patch | requester: alice | approver: bob | ticket: CHG-1 | jitdashboard-request:{Request.Id:N}", text);
    }
}

public sealed class ForwardedHeadersSettingsTests
{
    [Fact]
    public void Default_TrustsNoProxy()
    {
        var settings = new ForwardedHeadersSettings();
        Assert.False(settings.Enabled);
        var options = settings.ToOptions();
        Assert.Empty(options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public void Configured_TrustsExactlyThoseProxies_AndBadEntriesAreNamed()
    {
        var settings = new ForwardedHeadersSettings { KnownProxies = ["10.0.0.5"], KnownNetworks = ["10.1.0.0/16"] };
        Assert.Empty(settings.Errors());
        var options = settings.ToOptions();
        Assert.Equal([IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Single(options.KnownIPNetworks);

        var bad = new ForwardedHeadersSettings { KnownProxies = ["proxy.local"], KnownNetworks = ["10.1.0.0"] };
        Assert.Equal(2, bad.Errors().Count());
    }
}

public sealed class AccessOptionsTests
{
    [Fact]
    public void DurationPresets_FromConfiguration_ReplaceTheDefaults_NotAppend()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Access:DurationPresets:0"] = "PT10M", ["Access:DurationPresets:1"] = "PT1H" })
            .Build();
        var options = new AccessOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(AccessOptions.SectionName), options);
        Assert.Equal(["PT10M", "PT1H"], options.Presets);
        Assert.Equal(AccessOptions.DefaultPresets, new AccessOptions().Presets);
    }
}
