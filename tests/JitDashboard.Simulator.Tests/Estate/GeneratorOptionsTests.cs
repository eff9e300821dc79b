using JitDashboard.Simulator.Estate;
using static JitDashboard.Simulator.Tests.Estate.EstateChecks;

namespace JitDashboard.Simulator.Tests.Estate;

/// <summary>The generator's resourceGroups=G and exposed=F options (issue 5's benchmark estate).</summary>
public class GeneratorOptionsTests
{
    [Theory]
    [InlineData("vms=2500,subscriptions=10,resourceGroups=100,exposed=0.8", 100, 0.8)]
    [InlineData("vms=10,resourceGroups=3", 3, null)]
    [InlineData("vms=10,exposed=1", null, 1.0)]
    [InlineData("vms=10,EXPOSED=0", null, 0.0)]
    public void Parse_accepts_the_options(string text, int? groups, double? exposed)
    {
        var spec = GeneratorSpec.Parse(text);

        Assert.Equal(groups, spec.ResourceGroups);
        Assert.Equal(exposed, spec.Exposed);
        Assert.Equal(spec, GeneratorSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("vms=10,subscriptions=4,resourceGroups=3", "'resourceGroups=3'")]
    [InlineData("vms=10,resourceGroups=11", "'resourceGroups=11'")]
    [InlineData("vms=10,exposed=1.5", "'1.5' is not a fraction")]
    [InlineData("vms=10,exposed=-0.1", "not a fraction")]
    [InlineData("vms=10,exposed=half", "not a fraction")]
    [InlineData("vms=10,exposed=0.5,exposed=0.6", "more than once")]
    public void Parse_rejects_bad_options(string text, string expectedInMessage)
    {
        var ex = Assert.Throws<FormatException>(() => GeneratorSpec.Parse(text));

        Assert.Contains(expectedInMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_options_the_output_and_the_spec_text_are_unchanged()
    {
        Assert.Equal("vms=300,subscriptions=3,seed=5", GeneratorSpec.Parse("vms=300,subscriptions=3,seed=5").ToString());
        Assert.Equal(
            EstateGenerator.Generate(new GeneratorSpec(300, 3, 5)).ToJsonString(),
            EstateGenerator.Generate(GeneratorSpec.Parse("seed=5,vms=300,subscriptions=3")).ToJsonString());
    }

    [Fact]
    public void Resource_groups_option_gives_exactly_that_many_groups_spread_over_subscriptions()
    {
        var checks = new EstateChecks(EstateGenerator.Generate(GeneratorSpec.Parse("vms=400,subscriptions=4,resourceGroups=20,seed=3")));

        var groups = checks.AllVms.Select(v => Str(v, "id").Split('/')).Select(p => (Sub: p[2], Rg: p[4].ToUpperInvariant())).Distinct().ToList();
        Assert.Equal(20, groups.Count);
        Assert.All(groups.GroupBy(g => g.Sub), g => Assert.Equal(5, g.Count()));
        Assert.Equal(400, checks.AllVms.Count());
        checks.AssertIntegrity();
        checks.AssertNsgRules();
    }

    [Fact]
    public void Exposed_option_exposes_exactly_that_share_per_group_and_keeps_them_out_of_jit()
    {
        var checks = new EstateChecks(EstateGenerator.Generate(GeneratorSpec.Parse("vms=500,subscriptions=2,resourceGroups=20,exposed=0.8,seed=4")));
        checks.AssertIntegrity();
        checks.AssertNsgRules();
        var inJit = checks.Of(Policy).SelectMany(p => Props(p)["virtualMachines"]!.AsArray()).Select(e => Str(e!, "id")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Some of the other VMs still sit in a policy in the same groups: the bulk apply must keep them.
        Assert.NotEmpty(inJit);

        foreach (var group in checks.AllVms.GroupBy(v => string.Join("/", Str(v, "id").Split('/')[..5]).ToUpperInvariant()))
        {
            var withPublicIp = group.Where(HasPublicIp).ToList();
            Assert.Equal(20, withPublicIp.Count);
            Assert.Equal(25, group.Count());
            foreach (var vm in withPublicIp)
            {
                Assert.DoesNotContain(Str(vm, "id"), inJit);
                // Only the NIC's NSG is in the path, and it allows the management port from anywhere.
                var nsgs = checks.NsgsInPath(vm);
                var nsg = Assert.Single(nsgs);
                Assert.Contains(CustomRules(checks.ById[nsg]).Select(Props), r => Str(r, "access") == "Allow" && Str(r, "sourceAddressPrefix") == "*"
                    && Str(r, "destinationPortRange") is "22" or "3389");
            }
        }

        bool HasPublicIp(System.Text.Json.Nodes.JsonObject vm) => Str(vm, "type") == ClassicVm
            || checks.NicsOf(vm).SelectMany(n => Props(n)["ipConfigurations"]!.AsArray()).Any(c => c!["properties"]!["publicIPAddress"] is not null);
    }
}
