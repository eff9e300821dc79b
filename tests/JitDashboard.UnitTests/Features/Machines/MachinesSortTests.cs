using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using static JitDashboard.UnitTests.Features.Machines.MachinesTestData;

namespace JitDashboard.UnitTests.Features.Machines;

public class MachinesSortTests
{
    // In the snapshot's order (by name), as the page receives them.
    private static readonly EstateMachine[] Machines =
    [
        Machine("app-01", subscriptionId: Dev, impact: 1.5, jit: JitStatus.Configured),
        Machine("sql-01", subscriptionId: Dev, impact: 3, os: "Windows"),
        Machine("web-01", impact: 1.5),
        Machine("Web-02", impact: 0, jit: JitStatus.Configured),
    ];

    private static string[] Names(IReadOnlyList<EstateMachine> machines) => machines.Select(m => m.Name).ToArray();

    [Fact]
    public void None_KeepsTheSameListInstance()
    {
        Assert.Same(Machines, MachinesSort.None.Apply(Machines));
    }

    [Fact]
    public void NameDescending_IgnoresCase()
    {
        var sorted = new MachinesSort([new(MachinesColumns.Name, Descending: true)]).Apply(Machines);

        Assert.Equal(["Web-02", "web-01", "sql-01", "app-01"], Names(sorted));
    }

    [Fact]
    public void Ties_KeepTheInputOrder_InBothDirections()
    {
        // app-01 and web-01 share an impact of 1.5: whichever direction, app-01 (first in the snapshot) stays first.
        Assert.Equal(["Web-02", "app-01", "web-01", "sql-01"], Names(new MachinesSort([new(MachinesColumns.Impact, false)]).Apply(Machines)));
        Assert.Equal(["sql-01", "app-01", "web-01", "Web-02"], Names(new MachinesSort([new(MachinesColumns.Impact, true)]).Apply(Machines)));
    }

    [Fact]
    public void AKeyTheRowsAreAlreadyOrderedBy_IsNotSorted_AndDescendingReversesRunsKeepingTiesInInputOrder()
    {
        // Already by name: ascending is the same list, no copy.
        Assert.Same(Machines, new MachinesSort([new(MachinesColumns.Name, false)]).Apply(Machines));

        // Already by OS ("" < "Linux" < "Windows" here only after reordering): three Linux VMs tie, one Windows.
        var byOs = new[] { Machines[0], Machines[2], Machines[3], Machines[1] };
        Assert.Same(byOs, new MachinesSort([new(MachinesColumns.Os, false)]).Apply(byOs));
        // Descending: the Windows run first, then the Linux run in its input order (not reversed within).
        Assert.Equal(["sql-01", "app-01", "web-01", "Web-02"], Names(new MachinesSort([new(MachinesColumns.Os, true)]).Apply(byOs)));
    }

    [Fact]
    public void SecondKey_OrdersWithinTheFirst()
    {
        var sorted = new MachinesSort([new(MachinesColumns.Subscription, false), new(MachinesColumns.Name, true)]).Apply(Machines);

        // "Contoso Dev" before "Contoso Production"; within each, names descending.
        Assert.Equal(["sql-01", "app-01", "Web-02", "web-01"], Names(sorted));
    }

    [Fact]
    public void UnknownColumns_AreDropped_NotAnError()
    {
        var sort = new MachinesSort([new("no-such-column", false), new(MachinesColumns.Jit, false)]);

        Assert.Equal([MachinesColumns.Jit], sort.Keys.Select(k => k.Column).ToArray());
        Assert.True(new MachinesSort([new("no-such-column", true)]).IsEmpty);
    }

    [Fact]
    public void GridKeyAndComparer_LeaveTheGridsOrderAlone()
    {
        // What MudDataGrid does on each render with a sorted column: a stable sort by the column's key and comparer.
        var gridOrder = Machines.Reverse().OrderBy(MachinesSort.GridKey, MachinesSort.GridComparer).ToArray();

        Assert.Equal(Names(Machines.Reverse().ToArray()), Names(gridOrder));
    }
}
