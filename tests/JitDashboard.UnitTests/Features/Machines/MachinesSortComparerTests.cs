using JitDashboard.Features.Machines;

namespace JitDashboard.UnitTests.Features.Machines;

public class MachinesSortComparerTests
{
    [Fact]
    public void Text_sorts_ordinally_ignoring_case_as_the_snapshot_orders_names()
    {
        string[] names = ["vm-web-02", "VM-api-01", "vm-web-01", "vm_db-01", "vm-Web-03"];

        var sorted = names.Order(MachinesSortComparer.Instance).ToList();

        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase).ToList(), sorted);
        Assert.Equal("VM-api-01", sorted[0]);
    }

    [Fact]
    public void Other_keys_keep_their_own_order()
    {
        object?[] keys = [2.5, -1.0, 0.0, 1.25];

        Assert.Equal([-1.0, 0.0, 1.25, 2.5], keys.Order(MachinesSortComparer.Instance).ToArray());
        Assert.Equal(0, MachinesSortComparer.Instance.Compare(null, null));
        Assert.True(MachinesSortComparer.Instance.Compare(null, "a") < 0);
    }
}
