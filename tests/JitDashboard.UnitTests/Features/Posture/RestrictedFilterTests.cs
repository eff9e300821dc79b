using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using static JitDashboard.UnitTests.Features.Machines.MachinesTestData;

namespace JitDashboard.UnitTests.Features.Posture;

/// <summary><c>restricted=true</c>, added to the Machines filter so the Overview's Restricted count links to its rows.</summary>
public class RestrictedFilterTests
{
    [Fact]
    public void Restricted_RoundTripsThroughTheQuery_AndKeepsOnlyRestrictedMachines()
    {
        var filter = MachinesFilter.Parse("?restricted=true");
        EstateMachine[] machines =
        [
            Machine("open", ports: [Port(22, PortExposure.Open)]),
            Machine("restricted", ports: [Port(22, PortExposure.Restricted, "203.0.113.0/24")]),
            Machine("closed", ports: [Port(22, PortExposure.Closed)]),
        ];

        Assert.True(filter.RestrictedOnly);
        Assert.False(filter.IsEmpty);
        Assert.Equal("?restricted=true", filter.ToQueryString());
        Assert.Equal(["restricted"], filter.Apply(machines).Select(m => m.Name));
        Assert.False(MachinesFilter.Parse("?restricted=no").RestrictedOnly);
    }
}
