using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using static JitDashboard.UnitTests.Features.Policies.PolicyTestData;

namespace JitDashboard.UnitTests.Features.Policies;

public sealed class PolicyPlannerTests
{
    private static IReadOnlyDictionary<string, EstateMachine> Estate(params EstateMachine[] machines) => PolicyPlanner.Index(machines);

    [Fact]
    public void Apply_GroupsByResourceGroupAndRegion_OneDefaultPolicyEach()
    {
        var machines = Estate(
            Machine("a1", "rg-a", "westeurope"), Machine("a2", "rg-a", "westeurope"),
            Machine("a3", "rg-a", "northeurope"), Machine("b1", "rg-b", "westeurope"));

        var plan = PolicyPlanner.PlanApply([.. machines.Keys], machines, DefenderTemplate());

        Assert.True(plan.IsValid);
        Assert.Equal(3, plan.Policies.Count);
        Assert.All(plan.Policies, p => Assert.Equal("default", p.Key.Name));
        var westA = Assert.Single(plan.Policies, p => p.Key.ResourceGroup == "rg-a" && p.Key.Location == "westeurope");
        Assert.Equal(2, westA.Vms.Count);
        Assert.All(westA.Vms, v => Assert.Equal(PlannedChange.Added, v.Change));
        Assert.All(westA.Vms, v => Assert.Equal([22, 3389, 5985, 5986], v.NewlyCoveredPorts));
    }

    [Fact]
    public void Apply_SkipsUnsupported_WithReason()
    {
        var machines = Estate(Machine("ok"), Machine("classic", status: JitStatus.Unsupported, unsupportedReason: "Classic VM"));

        var plan = PolicyPlanner.PlanApply([.. machines.Keys], machines, DefenderTemplate());

        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal("classic", skipped.Name);
        Assert.Contains("Classic VM", skipped.Reason, StringComparison.Ordinal);
        Assert.Single(plan.Policies);
    }

    [Fact]
    public void Apply_FlagsNamesBeyondThe56CharacterRule()
    {
        var fits = new string('f', 56 - "default".Length);
        var tooLong = new string('x', 56 - "default".Length + 1);
        var machines = Estate(Machine(fits), Machine(tooLong));

        var plan = PolicyPlanner.PlanApply([.. machines.Keys], machines, DefenderTemplate());

        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal(tooLong, skipped.Name);
        Assert.Contains("56", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(fits, Assert.Single(Assert.Single(plan.Policies).Vms).Name);
    }

    [Fact]
    public void Apply_WarnsWhenACustomAllowRuleKeepsPrecedence()
    {
        var machine = Machine("exposed", ports: [OpenBy(22, "ssh-any", 300, "nsg-x"), OpenBy(3389, "AllowAll", 65000, "nsg-x", isDefault: true)]);
        var machines = Estate(machine);

        var plan = PolicyPlanner.PlanApply([machine.Id], machines, DefenderTemplate());

        var vm = Assert.Single(Assert.Single(plan.Policies).Vms);
        var warning = Assert.Single(vm.Warnings);
        Assert.Equal("Port 22 stays open after JIT: rule 'ssh-any' (priority 300, NSG nsg-x) allows it before the JIT deny rule.", warning);
    }

    [Fact]
    public void Apply_PerOsPorts_AndUntouchedWhenAlreadyCovered()
    {
        var template = new PolicyTemplate
        {
            Name = "per-os",
            Ports =
            [
                new PolicyTemplatePort { Number = 22, OsType = "Linux" },
                new PolicyTemplatePort { Number = 3389, OsType = "Windows" },
            ],
        };
        var key = new JitPolicyId(Sub, "rg-a", "westeurope");
        var linux = Machine("lin", status: JitStatus.Configured, policyId: key.Id, jitPorts: [Port(22)]);
        var windows = Machine("win", os: "Windows");
        var machines = Estate(linux, windows);
        var current = new Dictionary<JitPolicyId, JitNetworkAccessPolicy?> { [key] = Policy(Vm(linux.Id, 22), Vm(VmId("rg-a", "other"), 22)) };

        var plan = PolicyPlanner.PlanApply([linux.Id, windows.Id], machines, template, current);

        var change = Assert.Single(plan.Policies);
        Assert.True(change.Exists);
        Assert.Equal(1, change.OtherVmsKept);
        Assert.Equal(PlannedChange.Untouched, change.Vms.Single(v => v.Name == "lin").Change);
        var win = change.Vms.Single(v => v.Name == "win");
        Assert.Equal(PlannedChange.Added, win.Change);
        Assert.Equal([3389], win.Ports.Select(p => p.Number));
    }

    [Fact]
    public void Apply_ChangedWhenPortsDiffer()
    {
        var key = new JitPolicyId(Sub, "rg-a", "westeurope");
        var vm = Machine("vm", status: JitStatus.Configured, policyId: key.Id, jitPorts: [Port(22)]);
        var plan = PolicyPlanner.PlanApply([vm.Id], Estate(vm), DefenderTemplate(), new Dictionary<JitPolicyId, JitNetworkAccessPolicy?> { [key] = Policy(Vm(vm.Id, 22)) });

        var planned = Assert.Single(Assert.Single(plan.Policies).Vms);
        Assert.Equal(PlannedChange.Changed, planned.Change);
        Assert.Equal([3389, 5985, 5986], planned.NewlyCoveredPorts);
    }

    [Fact]
    public void BadSelection_ListsEachItem()
    {
        var a = Machine("a");
        var machines = Estate(a);

        var plan = PolicyPlanner.PlanApply([a.Id, "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/nope", a.Id.ToUpperInvariant(), ""], machines, DefenderTemplate());

        Assert.False(plan.IsValid);
        Assert.Empty(plan.Policies);
        Assert.Contains("Unknown", plan.Errors["machineIds[1]"][0], StringComparison.Ordinal);
        Assert.Contains("Duplicate", plan.Errors["machineIds[2]"][0], StringComparison.Ordinal);
        Assert.Contains("empty", plan.Errors["machineIds[3]"][0], StringComparison.Ordinal);
        Assert.False(plan.Errors.ContainsKey("machineIds[0]"));
    }

    [Fact]
    public void EmptySelection_IsAnError()
    {
        var plan = PolicyPlanner.PlanApply([], Estate(Machine("a")), DefenderTemplate());
        Assert.Equal(["Select at least one machine."], plan.Errors["machineIds"]);
    }

    [Fact]
    public void Remove_DeletesPolicyWhenLastVmLeaves_AndSkipsVmsNotInAPolicy()
    {
        var key = new JitPolicyId(Sub, "rg-a", "westeurope");
        var inPolicy = Machine("in", status: JitStatus.Configured, policyId: key.Id, jitPorts: [Port(22)]);
        var notIn = Machine("out");
        var machines = Estate(inPolicy, notIn);

        var plan = PolicyPlanner.PlanRemove([inPolicy.Id, notIn.Id], machines);

        var change = Assert.Single(plan.Policies);
        Assert.True(change.DeletesPolicy);
        Assert.Equal(PlannedChange.Removed, Assert.Single(change.Vms).Change);
        Assert.Equal("Not in a JIT policy.", Assert.Single(plan.Skipped).Reason);

        var keeps = PolicyPlanner.PlanRemove([inPolicy.Id], machines, new Dictionary<JitPolicyId, JitNetworkAccessPolicy?> { [key] = Policy(Vm(inPolicy.Id, 22), Vm(VmId("rg-a", "other"), 22)) });
        Assert.False(Assert.Single(keeps.Policies).DeletesPolicy);
    }

    [Fact]
    public void PolicyKey_ParsesAPolicyId_CaseInsensitively()
    {
        var key = new JitPolicyId(Sub, "rg-a", "westeurope");
        Assert.Equal(key, JitPolicyId.Parse(key.Id.ToUpperInvariant()));
        Assert.Null(JitPolicyId.Parse("/subscriptions/x/resourceGroups/y"));
    }
}
