using JitDashboard.Features.Machines;

namespace JitDashboard.UnitTests.Features.Machines;

public sealed class MachinePagingTests
{
    private static MachineItem Item(string name, bool exposed = false) => new(
        $"/subscriptions/{MachinesTestData.Prod}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/{name}", name,
        MachinesTestData.Prod, "rg", "westeurope", "Linux", "running", [], [], [], exposed, "NotConfigured", null, null, [],
        new MachineRecommendations("Unknown", "Unknown"), null);

    private static MachineItem[] Sorted(params string[] names) =>
        [.. names.Select(n => Item(n)).OrderBy(i => i.Id, MachinePage.Order)];

    private static List<string> Walk(Func<int, MachineItem[]> snapshotForPage, int size, Func<MachineItem, bool>? filter = null)
    {
        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var result = MachinePage.Take(snapshotForPage(page), filter ?? (_ => true), after, 0, size);
            seen.AddRange(result.Items.Select(i => i.Name));
            if (result.ContinueAfter is null)
                return seen;
            after = result.ContinueAfter;
        }
        throw new InvalidOperationException("paging did not end");
    }

    [Fact]
    public void Walk_VisitsEveryItemOnce_InIdOrder()
    {
        var items = Sorted("vm-c", "vm-a", "VM-B", "vm-e", "vm-d");

        Assert.Equal(["vm-a", "VM-B", "vm-c", "vm-d", "vm-e"], Walk(_ => items, 2));
    }

    [Fact]
    public void Walk_AcrossARefresh_NeitherRepeatsNorSkipsMachinesInBothSnapshots()
    {
        var before = Sorted("vm-a", "vm-b", "vm-c", "vm-d", "vm-e", "vm-f");
        // After the first page: vm-a (already served) goes, vm-0 appears before the cursor, vm-cc after it.
        var after = Sorted("vm-0", "vm-b", "vm-c", "vm-cc", "vm-d", "vm-e", "vm-f");

        var seen = Walk(page => page == 0 ? before : after, 2);

        Assert.Equal(["vm-a", "vm-b", "vm-c", "vm-cc", "vm-d", "vm-e", "vm-f"], seen);
    }

    [Fact]
    public void Walk_WhenTheLastServedMachineIsGone_ContinuesAfterWhereItWas()
    {
        var before = Sorted("vm-a", "vm-b", "vm-c", "vm-d");
        var after = Sorted("vm-a", "vm-c", "vm-d");

        Assert.Equal(["vm-a", "vm-b", "vm-c", "vm-d"], Walk(page => page == 0 ? before : after, 2));
    }

    [Fact]
    public void Take_FiltersBeforeCounting_AndSaysNothingFollowsOnAnExactlyFullLastPage()
    {
        MachineItem[] items = [.. new[] { Item("a", true), Item("b"), Item("c", true), Item("d"), Item("e", true) }.OrderBy(i => i.Id, MachinePage.Order)];

        var first = MachinePage.Take(items, i => i.Exposed, null, 0, 2);
        var second = MachinePage.Take(items, i => i.Exposed, first.ContinueAfter, 0, 2);

        Assert.Equal(["a", "c"], first.Items.Select(i => i.Name));
        Assert.Equal(["e"], second.Items.Select(i => i.Name));
        Assert.Null(second.ContinueAfter);
        Assert.Null(MachinePage.Take(items, i => i.Exposed, null, 0, 3).ContinueAfter);
    }

    [Fact]
    public void Take_WithAnOffset_SkipsThatManyMatches()
    {
        var items = Sorted("a", "b", "c", "d");

        Assert.Equal(["c", "d"], MachinePage.Take(items, _ => true, null, 2, 5).Items.Select(i => i.Name));
    }

    [Fact]
    public void SkipToken_RoundTrips_AndIsOpaque()
    {
        const string id = "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";

        var token = MachineSkipToken.Encode(id);

        Assert.DoesNotContain("/", token, StringComparison.Ordinal);
        Assert.True(MachineSkipToken.TryDecode(token, out var decoded));
        Assert.Equal(id, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("bTE6")]                       // "m1:" with no id
    [InlineData("bTI6L3N1YnNjcmlwdGlvbnMvMQ")] // another version: "m2:/subscriptions/1"
    [InlineData("L3N1YnNjcmlwdGlvbnMvMQ")]     // no version: "/subscriptions/1"
    [InlineData("bTE6aHR0cDovL2V2aWw")]        // "m1:http://evil"
    public void SkipToken_NotHandedOutByTheApi_IsRefused(string token)
    {
        Assert.False(MachineSkipToken.TryDecode(token, out _));
    }
}
