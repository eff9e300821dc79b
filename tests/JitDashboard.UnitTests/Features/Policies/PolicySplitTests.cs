using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using static JitDashboard.UnitTests.Features.Policies.PolicyTestData;

namespace JitDashboard.UnitTests.Features.Policies;

/// <summary>ARM refuses bodies over 4 MB (413 RequestContentTooLarge): a policy write that would pass it is split.</summary>
public sealed class PolicySplitTests
{
    [Fact]
    public void FullDefaultPolicy_NewVmsGoToTheNextPolicy_ExistingOnesStay()
    {
        var policyId = new JitPolicyId(Sub, "rg-a", "westeurope").Id;
        // Existing members with long ids and four ports each: over the 3 MB planning budget together.
        var members = Enumerable.Range(0, 6000)
            .Select(i => Machine($"member-{i:0000}-{new string('x', 20)}", status: JitStatus.Configured, policyId: policyId, jitPorts: [Port(22), Port(3389), Port(5985), Port(5986)]))
            .ToList();
        var joiners = Enumerable.Range(0, 50).Select(i => Machine($"new-{i:00}")).ToList();
        var machines = PolicyPlanner.Index([.. members, .. joiners]);

        var plan = PolicyPlanner.PlanApply([.. joiners.Select(j => j.Id), members[0].Id], machines, DefenderTemplate());

        Assert.True(plan.IsValid);
        Assert.Empty(plan.Skipped);
        var first = Assert.Single(plan.Policies, p => p.Key.Name == "default");
        var second = Assert.Single(plan.Policies, p => p.Key.Name == "default-2");
        Assert.Contains(first.Vms, v => v.MachineId == members[0].Id);
        Assert.Equal(50, first.Vms.Count(v => v.Change == PlannedChange.Added) + second.Vms.Count);
        Assert.NotEmpty(second.Vms);
        Assert.All(second.Vms, v => Assert.Equal(PlannedChange.Added, v.Change));
        Assert.False(second.Exists);
    }

    [Fact]
    public void SmallPolicies_AreNotSplit()
    {
        var machines = PolicyPlanner.Index(Enumerable.Range(0, 500).Select(i => Machine($"vm-{i:000}")));

        var plan = PolicyPlanner.PlanApply([.. machines.Keys], machines, DefenderTemplate());

        Assert.Equal("default", Assert.Single(plan.Policies).Key.Name);
    }

    [Fact]
    public async Task Writer_RefusesAPutOver4MB_WithoutSendingIt()
    {
        var store = new CountingStore();
        var writer = new PolicyWriter(store, new PolicyWriterOptions { MaxAttempts = 1 });
        var vms = Enumerable.Range(0, 9000)
            .Select(i => Vm(VmId("rg-a", $"vm-{i:0000}-{new string('y', 40)}"), 22, 3389, 5985, 5986)).ToList();

        var result = await writer.ApplyAsync(new JitPolicyId(Sub, "rg-a", "westeurope"), vms, CancellationToken.None);

        Assert.Equal(0, store.Puts);
        Assert.All(result.Vms, v => Assert.StartsWith("RequestContentTooLarge", v.Error, StringComparison.Ordinal));
    }

    private sealed class CountingStore : IJitPolicyStore
    {
        public int Puts;

        public Task<JitDashboard.Platform.Arm.Models.JitNetworkAccessPolicy?> GetAsync(JitPolicyId key, CancellationToken ct) =>
            Task.FromResult<JitDashboard.Platform.Arm.Models.JitNetworkAccessPolicy?>(null);

        public Task<JitDashboard.Platform.Arm.Models.JitNetworkAccessPolicy?> PutAsync(JitPolicyId key, JitDashboard.Platform.Arm.Models.JitNetworkAccessPolicy policy, CancellationToken ct)
        {
            Puts++;
            return Task.FromResult<JitDashboard.Platform.Arm.Models.JitNetworkAccessPolicy?>(policy);
        }

        public Task DeleteAsync(JitPolicyId key, CancellationToken ct) => Task.CompletedTask;
    }
}
