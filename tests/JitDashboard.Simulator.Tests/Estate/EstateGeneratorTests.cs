using System.Text.Json.Nodes;
using JitDashboard.Simulator.Estate;
using static JitDashboard.Simulator.Tests.Estate.EstateChecks;

namespace JitDashboard.Simulator.Tests.Estate;

public class EstateGeneratorTests
{
    // Generated once: the mix and integrity tests all read the same 2,000-VM estate.
    private static readonly Lazy<EstateChecks> Large = new(() => new EstateChecks(EstateGenerator.Generate(new GeneratorSpec(2000, 7, 42))));

    [Fact]
    public void Same_spec_gives_byte_identical_json()
    {
        var spec = new GeneratorSpec(300, 3, 5);

        Assert.Equal(EstateGenerator.Generate(spec).ToJsonString(), EstateGenerator.Generate(spec).ToJsonString());
    }

    [Fact]
    public void Different_seeds_give_different_estates()
    {
        var a = EstateGenerator.Generate(new GeneratorSpec(50, 2, 1)).ToJsonString();
        var b = EstateGenerator.Generate(new GeneratorSpec(50, 2, 2)).ToJsonString();

        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(137, 4)]
    [InlineData(2000, 7)]
    [InlineData(450, 150)]
    public void Has_exactly_the_requested_vms_and_subscriptions(int vms, int subscriptions)
    {
        var checks = vms == 2000 ? Large.Value : new EstateChecks(EstateGenerator.Generate(new GeneratorSpec(vms, subscriptions, 3)));

        Assert.Equal(vms, checks.AllVms.Count());
        Assert.Equal(subscriptions, checks.Subscriptions.Count);
        Assert.Equal(subscriptions, checks.Subscriptions.Select(s => Str(s, "displayName")).Distinct().Count());
        // Every subscription gets its share of VMs.
        var perSubscription = checks.AllVms.GroupBy(v => Str(v, "id").Split('/')[2]).Select(g => g.Count()).ToList();
        Assert.Equal(subscriptions, perSubscription.Count);
        Assert.True(perSubscription.Max() - perSubscription.Min() <= 1);
    }

    [Fact]
    public void Every_reference_resolves() => Large.Value.AssertIntegrity();

    [Fact]
    public void Small_estates_are_consistent_too()
    {
        foreach (var seed in new[] { 1, 2, 3, -17 })
        {
            var checks = new EstateChecks(EstateGenerator.Generate(new GeneratorSpec(60, 2, seed)));
            checks.AssertIntegrity();
            checks.AssertNsgRules();
        }
    }

    [Fact]
    public void Nsgs_have_unique_priorities_and_the_six_default_rules() => Large.Value.AssertNsgRules();

    [Fact]
    public void Vm_names_fit_the_policy_name_limit()
    {
        var checks = Large.Value;

        Assert.All(checks.AllVms, vm => Assert.True(("default" + Str(vm, "name")).Length <= 56, Str(vm, "name")));
        var perGroup = checks.AllVms.Select(v => Str(v, "id").Split('/')).GroupBy(p => (p[2], p[4].ToUpperInvariant()));
        Assert.All(perGroup, g => Assert.Equal(g.Count(), g.Select(p => p[^1].ToUpperInvariant()).Distinct().Count()));
    }

    [Fact]
    public void Has_a_realistic_mix()
    {
        var c = Large.Value;
        var vms = c.Of(Vm).ToList();
        int Count(Func<JsonObject, bool> f) => vms.Count(f);

        var windows = Count(v => Str(Props(v)["storageProfile"]!["osDisk"]!, "osType") == "Windows");
        Assert.InRange(windows, 0.35 * vms.Count, 0.55 * vms.Count);
        Assert.All(vms, v => Assert.NotNull(Props(v)["storageProfile"]!["imageReference"]));

        var noNsg = Count(v => c.NsgsInPath(v).Count == 0);
        Assert.InRange(noNsg, 0.05 * vms.Count, 0.15 * vms.Count);

        var skus = c.Of(Pip).Select(p => Str(p["sku"]!, "name")).ToList();
        Assert.Contains("Basic", skus);
        Assert.Contains("Standard", skus);
        Assert.InRange(skus.Count(s => s == "Basic"), 0.15 * skus.Count, 0.35 * skus.Count);
        Assert.All(c.Of(Pip), p => Assert.Equal("Regional", Str(p["sku"]!, "tier")));

        var jitVms = c.Of(Policy).SelectMany(p => Props(p)["virtualMachines"]!.AsArray()).Select(e => Str(e!, "id")).ToList();
        Assert.InRange(jitVms.Count, 0.10 * vms.Count, 0.20 * vms.Count);
        Assert.Equal(jitVms.Count, jitVms.Distinct().Count());
        foreach (var id in jitVms.Take(50))
            c.AssertJitDenyRule(c.Get(id, Vm));
        Assert.Equal(c.Of(Policy).Count(), c.Of(Policy).Select(p => Str(p, "id")).Distinct().Count());

        Assert.Contains(vms, v => Props(v)["virtualMachineScaleSet"] is not null);
        Assert.Contains(c.Resources, r => Str(r, "type") == ClassicVm);
        Assert.All(c.Of(ClassicVm), r => Assert.Contains("/providers/Microsoft.ClassicCompute/virtualMachines/", Str(r, "id"), StringComparison.Ordinal));

        Assert.Contains(vms, v => c.NicsOf(v).Count() == 2);
        Assert.Contains(c.Of(Nic), n => Props(n)["ipConfigurations"]!.AsArray().Count == 2);
        Assert.Contains(vms, v => v["tags"]?["jit-exempt"]?.GetValue<string>() == "true");
        var running = Count(v => Props(v)["instanceView"]!["statuses"]!.AsArray().Any(s => Str(s!, "code") == "PowerState/running"));
        Assert.InRange(running, 0.75 * vms.Count, 0.95 * vms.Count);

        var allRules = c.Of(Nsg).SelectMany(CustomRules).Select(Props).ToList();
        // Rules on application security groups carry no address prefix on that side (issue 17's doors).
        Assert.Contains(allRules, r => r["destinationApplicationSecurityGroups"] is JsonArray { Count: > 0 });
        var rules = allRules.Where(r => r["sourceAddressPrefix"] is not null && r["destinationAddressPrefix"] is not null).ToList();
        foreach (var door in new[] { "loadBalancers", "azureFirewalls", "firewallPolicies", "networkWatchers", "networkManagers/securityAdminConfigurations/ruleCollections/rules" })
            Assert.NotEmpty(c.Of("Microsoft.Network/" + door));
        Assert.Contains(rules, r => r["destinationPortRanges"]!.AsArray().Count > 1);
        Assert.Contains(rules, r => Str(r, "destinationPortRange").Contains('-', StringComparison.Ordinal));
        Assert.Contains(rules, r => r["sourceAddressPrefixes"]!.AsArray().Count > 1);
        Assert.Contains(rules, r => Str(r, "access") == "Deny" && !Str(r, "destinationAddressPrefix").StartsWith("10.", StringComparison.Ordinal));
        foreach (var source in new[] { "*", "Internet", "0.0.0.0/0", "VirtualNetwork", "203.0.113.0/24", "198.51.100.10/32" })
            Assert.Contains(rules, r => Str(r, "sourceAddressPrefix") == source);
        foreach (var port in new[] { "22", "3389", "80", "443", "3380-3390", "20-25" })
            Assert.Contains(rules, r => Str(r, "destinationPortRange") == port);

        var regions = c.Resources.Where(r => r["location"] is not null).Select(r => Str(r, "location")).Distinct().ToList();
        Assert.True(regions.Count >= 4);
        var groups = c.Resources.Select(r => Str(r, "id").Split('/')[4]).Distinct().Count();
        Assert.InRange(groups, 2000 / 40, 2000 / 15);
    }

    [Fact]
    public void Generated_resources_have_every_property_of_the_sample_shapes() =>
        ShapeAssert.CoversSample(Large.Value);
}
