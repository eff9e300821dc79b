using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using static JitDashboard.UnitTests.Features.Automation.AutomationTestData;

namespace JitDashboard.UnitTests.Features.Automation;

public sealed class DriftDetectorTests
{
    private static readonly JitPortRule Port22 = new() { Number = 22, Protocol = "*", AllowedSourceAddressPrefix = "*", MaxRequestAccessDuration = "PT3H" };

    private static MachineFacts Configured(IReadOnlyList<string> denyRules, IReadOnlyList<PortDecision>? ports = null) =>
        MachineFacts.Empty with { JitStatus = JitStatus.Configured, JitPorts = [Port22], Ports = ports ?? [] } with { JitDenyRules = denyRules };

    private static PortDecision Open22() => new(22, PortExposure.Open, ["*"],
    [
        new PathDecision("nic", "ipconfig1", "20.0.0.1", PortExposure.Open, ["*"],
            [new RuleStep(NsgLevel.NetworkInterface, "nsg-vm", "allow-ssh-any", 100, RuleAccess.Allow, ["*"], false, Decisive: true)], "open"),
    ]);

    [Fact]
    public void NeverConfigured_IsNotDrift()
    {
        Assert.Null(DriftDetector.Detect(Machine("vm"), null));
        Assert.Null(DriftDetector.Detect(Machine("vm", facts: Configured(["nsg/deny"])), null));
    }

    [Fact]
    public void HealthyConfiguredVm_IsNotDrift()
    {
        var vm = Machine("vm", facts: Configured(["nsg/SecurityCenter-JITRule_1"]));
        Assert.Null(DriftDetector.Detect(vm, DriftDetector.Capture(vm, 0)));
    }

    [Fact]
    public void RemovedFromThePolicy_IsDrift()
    {
        var before = Machine("vm", facts: Configured(["nsg/deny"]));
        var after = Machine("vm");
        var finding = DriftDetector.Detect(after, DriftDetector.Capture(before, 0));
        Assert.Equal(DriftKind.RemovedFromPolicy, finding?.Kind);
        Assert.True(finding!.Remediable);
    }

    [Fact]
    public void DeletedDenyRule_IsDrift_EvenWithNoPortOpening()
    {
        var before = Machine("vm", facts: Configured(["nsg-nic/SecurityCenter-JITRule_1", "nsg-subnet/SecurityCenter-JITRule_1"]));
        var after = Machine("vm", facts: Configured(["nsg-subnet/SecurityCenter-JITRule_1"]));
        var finding = DriftDetector.Detect(after, DriftDetector.Capture(before, 0));
        Assert.Equal(DriftKind.DenyRuleDeleted, finding?.Kind);
        Assert.Contains("nsg-nic/SecurityCenter-JITRule_1", finding!.Detail);
    }

    [Fact]
    public void AllowRuleAheadOfTheDenyRule_IsDrift_ButNotRemediable()
    {
        var before = Machine("vm", facts: Configured(["nsg/deny"]));
        var after = Machine("vm", facts: Configured(["nsg/deny"], [Open22()]));
        var finding = DriftDetector.Detect(after, DriftDetector.Capture(before, 0));
        Assert.Equal(DriftKind.AllowRuleAhead, finding?.Kind);
        Assert.False(finding!.Remediable);
        Assert.Contains("allow-ssh-any", finding.Detail);
    }

    [Fact]
    public void PortAlreadyOpenWhenConfigured_IsNotDrift()
    {
        // Defender keeps custom allow rules ahead of its deny rule: a VM that was open when JIT was applied stays open.
        var vm = Machine("vm", facts: Configured(["nsg/deny"], [Open22()]));
        Assert.Null(DriftDetector.Detect(vm, DriftDetector.Capture(vm, 0)));
    }
}
