using JitDashboard.Simulator.Estate;
using static JitDashboard.Simulator.Tests.Estate.EstateChecks;

namespace JitDashboard.Simulator.Tests.Estate;

public class DemoEstateTests
{
    private static readonly EstateChecks Demo = new(DemoEstate.Create());

    [Fact]
    public void Has_about_a_hundred_and_twenty_vms_in_three_subscriptions()
    {
        // The original ~60 plus issue 5's exposed VMs across resource groups.
        Assert.InRange(Demo.AllVms.Count(), 100, 140);
        Assert.Equal(["Contoso Production", "Contoso Development", "Contoso Shared Services"],
            Demo.Subscriptions.Select(s => Str(s, "displayName")));
    }

    [Fact]
    public void Is_deterministic() =>
        Assert.Equal(DemoEstate.Create().ToJsonString(), DemoEstate.Create().ToJsonString());

    [Fact]
    public void Passes_the_integrity_checks()
    {
        Demo.AssertIntegrity();
        Demo.AssertNsgRules();
        Assert.All(Demo.AllVms, vm => Assert.True(("default" + Str(vm, "name")).Length <= 56));
    }

    [Fact]
    public void Has_the_sample_scenarios_and_the_unsupported_stand_ins()
    {
        var byName = Demo.AllVms.ToDictionary(v => Str(v, "name"));
        var ssh = CustomRules(Demo.Get(Demo.NsgsInPath(byName["vm-web-prod-01"]).Single(n => n.EndsWith("-nic", StringComparison.Ordinal)), Nsg));
        Assert.Contains(ssh, r => Str(Props(r), "destinationPortRange") == "22" && Str(Props(r), "sourceAddressPrefix") == "*");
        Assert.Empty(Demo.NsgsInPath(byName["vm-legacy-erp-01"]));
        var legacyPip = Demo.Get(RefId(Props(Demo.NicsOf(byName["vm-legacy-erp-01"]).Single()["properties"]!["ipConfigurations"]![0]!), "publicIPAddress")!, Pip);
        Assert.Equal("Basic", Str(legacyPip["sku"]!, "name"));
        Demo.AssertJitDenyRule(byName["vm-web-prod-02"]);
        Assert.Contains(Demo.AllVms, v => Str(v, "type") == ClassicVm);
        Assert.Contains(Demo.AllVms, v => Props(v)["virtualMachineScaleSet"] is not null);
        var jitCount = Demo.Of(Policy).Sum(p => Props(p)["virtualMachines"]!.AsArray().Count);
        Assert.InRange(jitCount, 6, 20);
        Assert.Contains(Demo.Of(Policy), p => Props(p)["requests"]!.AsArray().Count > 0);
    }

    [Fact]
    public void Live_grants_variant_adds_initiated_requests_and_their_allow_rules()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var live = new EstateChecks(DemoEstate.Create(now));
        live.AssertIntegrity();
        live.AssertNsgRules();

        var initiated = live.Of(Policy).SelectMany(p => Props(p)["requests"]!.AsArray())
            .SelectMany(r => r!["virtualMachines"]!.AsArray()).SelectMany(v => v!["ports"]!.AsArray())
            .Where(p => Str(p!, "status") == "Initiated").ToList();
        Assert.Equal(2, initiated.Count);
        var ports = live.Of(Policy).SelectMany(p => Props(p)["requests"]!.AsArray())
            .SelectMany(r => r!["virtualMachines"]!.AsArray()).SelectMany(v => v!["ports"]!.AsArray()).ToList();
        Assert.All(ports.Where(p => Str(p!, "status") == "Revoked"),
            p => Assert.True(DateTimeOffset.Parse(Str(p!, "endTimeUtc"), System.Globalization.CultureInfo.InvariantCulture) < now));
        Assert.Equal(live.Estate.ToJsonString(), DemoEstate.Create(now).ToJsonString());
        Assert.All(initiated, p => Assert.True(DateTimeOffset.Parse(Str(p!, "endTimeUtc"), System.Globalization.CultureInfo.InvariantCulture) > now));
        var allows = live.Of(Nsg).SelectMany(CustomRules).Where(r => Str(r, "name").StartsWith("SecurityCenter-JITRule-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(allows);
        Assert.All(allows, r => Assert.Equal("Allow", Str(Props(r), "access")));
    }

    [Fact]
    public void Demo_resources_have_every_property_of_the_sample_shapes() => ShapeAssert.CoversSample(Demo);
}
