using System.Net;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Identity;

namespace JitDashboard.ComponentTests.Features.Machines;

/// <summary>The drawer draws each path hop by hop, highlights the deciding hop, says where JIT cannot help, and verifies with Azure.</summary>
public sealed class MachineDrawerPathsTests : ComponentTestBase
{
    private readonly BunitAuthorizationContext _auth;

    public MachineDrawerPathsTests()
    {
        _auth = Context.AddAuthorization();
        _auth.SetAuthorized("Alice Operator");
        _auth.SetClaims(new System.Security.Claims.Claim("preferred_username", "alice@contoso.test"));
        _auth.SetRoles(Roles.Operator);
    }

    /// <summary>A VM behind a policy-managed firewall (DNAT from anywhere) and a NAT rule, with AVNM denying RDP.</summary>
    private static EstateMachine Machine()
    {
        var configuration = new IpConfigInput("ipconfig1", IPAddress.Parse("10.0.1.4"), null, null)
        {
            LoadBalancerDoors = [new LoadBalancerDoor(PathKind.LoadBalancerNat, "lb-edge", "Standard", "nat-ssh", "20.9.9.9", 50022, 22, "Tcp")],
            FirewallDoors = [new FirewallDoor("afw-edge", "fw-policy", "dnat", "dnat-ssh", "20.8.8.8", "52201", ["*"], [], 22, ["TCP"], IPAddress.Parse("10.0.250.4"))],
        };
        var nsg = new NsgInput("/nsg/n", "nsg-nic", [new NsgRule("allow-ssh-any", 300, RuleAccess.Allow, "Tcp", ["*"], ["22"], ["*"])]);
        var nic = new NicInput("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/vm-edge-nic", "vm-edge-nic", nsg, [configuration]);
        var built = (EstateMachine)MachineBuilder.Vm("vm-edge-01").Nic("10.0.1.4", null, subnetNsg: null, nicNsg: "nsg-nic");
        return built with
        {
            Facts = built.Facts with
            {
                Ports = ExposureEvaluator.Evaluate([nic], [22]),
                NetworkInputs = [nic],
                ManagementPortsRecommendation = RecommendationState.Healthy,
            },
        };
    }

    [Fact]
    public void EachPath_IsDrawnHopByHop_WithTheDecidingHopHighlighted()
    {
        var drawer = Render<MachineDrawer>(p => p.Add(d => d.Machine, Machine()));

        var nat = drawer.Find("[data-testid='hops-22-LoadBalancerNat']");
        var natHops = nat.QuerySelectorAll("li");
        Assert.Contains("Load balancer lb-edge inbound NAT rule nat-ssh", natHops[0].TextContent, StringComparison.Ordinal);
        var decisive = Assert.Single(natHops, h => h.ClassList.Contains("jd-hop-decisive"));
        Assert.Contains("nsg-nic/allow-ssh-any", decisive.TextContent, StringComparison.Ordinal);
        Assert.Equal("step", decisive.GetAttribute("aria-current"));

        var firewall = drawer.Find("[data-testid='hops-22-FirewallDnat']");
        var fwDecisive = Assert.Single(firewall.QuerySelectorAll("li"), h => h.ClassList.Contains("jd-hop-decisive"));
        Assert.Contains("DNAT rule dnat-ssh", fwDecisive.TextContent, StringComparison.Ordinal);
        Assert.Contains(ExposureEvaluator.FirewallPolicyJitReason, drawer.Find("[data-testid=jit-cannot-protect]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PortChips_MarkEachDoorKind()
    {
        var chips = Render<PortChips>(p => p.Add(c => c.Ports, Machine().Facts.Ports));

        Assert.Equal("NAT", chips.Find("[data-testid='via-22-LoadBalancerNat']").TextContent);
        Assert.Equal("FW", chips.Find("[data-testid='via-22-FirewallDnat']").TextContent);
    }

    [Fact]
    public void VerifyWithAzure_ShowsAzuresAnswerBesideOurs_AndFlagsADisagreement()
    {
        var machine = Machine();
        Verifier.Answer = new MachineVerification(machine.Id, DateTimeOffset.UnixEpoch, MachineVerifier.ProbeAddress, "/nw/NetworkWatcher_westeurope", null,
            [new VerifiedNic("vm-edge-nic", [new VerifiedNsg("nsg-nic", "network interface vm-edge-nic", [new VerifiedRule("securityRules/allow-ssh-any", 300, "Allow", "Tcp", "0.0.0.0/0", "22-22")])], null)],
            [new VerifiedPort(22, "vm-edge-nic", "ipconfig1", "10.0.1.4", "Allow", "securityRules/allow-ssh-any", "Deny", "defaultSecurityRules/DenyAllInBound", false, null)])
        { Disagreements = 1 };
        var drawer = Render<MachineDrawer>(p => p.Add(d => d.Machine, machine));

        drawer.Find("[data-testid=verify-with-azure]").Click();

        drawer.WaitForAssertion(() =>
        {
            Assert.Contains("disagrees with the dashboard on 1 port", drawer.Find("[data-testid=verify-disagreement]").TextContent, StringComparison.Ordinal);
            var row = drawer.Find("[data-testid=verify-ports] tbody tr");
            Assert.Contains("DISAGREES", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("defaultSecurityRules/DenyAllInBound", row.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal(machine.Id, Assert.Single(Verifier.Calls).MachineId);
    }

    [Fact]
    public void VerifyWithAzure_WithoutNetworkWatcher_SaysSo()
    {
        var drawer = Render<MachineDrawer>(p => p.Add(d => d.Machine, Machine()));

        drawer.Find("[data-testid=verify-with-azure]").Click();

        drawer.WaitForAssertion(() => Assert.Contains("No Network Watcher", drawer.Find("[data-testid=verify-no-watcher]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_CannotVerify()
    {
        _auth.SetRoles(Roles.Reader);

        var drawer = Render<MachineDrawer>(p => p.Add(d => d.Machine, Machine()));

        Assert.Empty(drawer.FindAll("[data-testid=verify-with-azure]"));
        Assert.Contains("Operators can ask Azure", drawer.Find("[data-testid=drawer-verify]").TextContent, StringComparison.Ordinal);
    }
}
