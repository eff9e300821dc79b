using JitDashboard.Features.Policies;
using static JitDashboard.UnitTests.Features.Policies.PolicyTestData;

namespace JitDashboard.UnitTests.Features.Policies;

public sealed class PolicyMergeTests
{
    [Fact]
    public void Apply_KeepsEveryOtherVm_AndAppendsTheNewOne()
    {
        var other1 = Vm(VmId("rg-a", "keep-1"), 22) with { PublicIpAddress = "51.1.1.1" };
        var other2 = Vm(VmId("rg-a", "keep-2"), 3389, 5985);
        var current = Policy(other1, other2);

        var merged = PolicyMerge.Apply(current, [Vm(VmId("rg-a", "new"), 22, 3389)]);

        Assert.Equal(3, merged.Count);
        Assert.Same(other1, merged[0]);
        Assert.Same(other2, merged[1]);
        Assert.Equal(VmId("rg-a", "new"), merged[2].Id);
    }

    [Fact]
    public void Apply_UpdatesPortsOfAVmAlreadyPresent_InPlace()
    {
        var id = VmId("rg-a", "vm");
        var current = Policy(Vm(VmId("rg-a", "first"), 22), Vm(id.ToUpperInvariant(), 22) with { PublicIpAddress = "51.1.1.1" }, Vm(VmId("rg-a", "last"), 22));

        var merged = PolicyMerge.Apply(current, [Vm(id, 22, 3389)]);

        Assert.Equal(3, merged.Count);
        Assert.Equal(id.ToUpperInvariant(), merged[1].Id); // the existing entry, matched case-insensitively
        Assert.Equal([22, 3389], merged[1].Ports.Select(p => p.Number));
        Assert.Equal("51.1.1.1", merged[1].PublicIpAddress);
    }

    [Fact]
    public void Apply_ToNoPolicy_CreatesTheArray()
    {
        var merged = PolicyMerge.Apply(null, [Vm(VmId("rg-a", "a"), 22), Vm(VmId("rg-a", "b"), 22)]);
        Assert.Equal(2, merged.Count);
    }

    [Fact]
    public void Remove_KeepsOthers_AndDeletesWhenEmpty()
    {
        var a = Vm(VmId("rg-a", "a"), 22);
        var b = Vm(VmId("rg-a", "b"), 22);

        var partial = PolicyMerge.Remove(Policy(a, b), [a.Id]);
        Assert.False(partial.DeletePolicy);
        Assert.Equal([b], partial.VirtualMachines);

        var all = PolicyMerge.Remove(Policy(a, b), [a.Id, b.Id.ToUpperInvariant()]);
        Assert.True(all.DeletePolicy);
        Assert.Empty(all.VirtualMachines);
    }

    [Fact]
    public void Remove_FromNoPolicy_DeletesNothing()
    {
        var result = PolicyMerge.Remove(null, [VmId("rg-a", "a")]);
        Assert.False(result.DeletePolicy);
        Assert.Empty(result.VirtualMachines);
    }

    [Fact]
    public void SameVirtualMachines_DetectsAConcurrentChange()
    {
        var a = Vm(VmId("rg-a", "a"), 22);
        Assert.True(PolicyMerge.SameVirtualMachines(Policy(a), Policy(a with { })));
        Assert.False(PolicyMerge.SameVirtualMachines(Policy(a), Policy(a, Vm(VmId("rg-a", "b"), 22))));
        Assert.False(PolicyMerge.SameVirtualMachines(Policy(a), Policy(Vm(a.Id, 22, 3389))));
        Assert.False(PolicyMerge.SameVirtualMachines(null, Policy(a)));
        Assert.True(PolicyMerge.SameVirtualMachines(null, null));
    }

    [Fact]
    public void Covers_ComparesPortsWithSourcesAndDuration()
    {
        var id = VmId("rg-a", "a");
        var policy = Policy(Vm(id, 22, 3389));
        Assert.True(PolicyMerge.Covers(policy, Vm(id, 3389, 22)));
        Assert.False(PolicyMerge.Covers(policy, Vm(id, 22)));
        Assert.False(PolicyMerge.Covers(policy, new() { Id = id, Ports = [Port(22, "PT1H"), Port(3389)] }));
    }
}
