using JitDashboard.UnitTests.Hosting;
using JitDashboard.UnitTests.Platform.Arm;
using JitDashboard.Platform.Telemetry;
using JitDashboard.Hosting;

namespace JitDashboard.UnitTests.Platform.Telemetry;

public sealed class TelemetryFamilyTests
{
    [Theory]
    [InlineData("/subscriptions/s1/providers/Microsoft.Compute/virtualMachines", "Microsoft.Compute")]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/p1/initiate", "Microsoft.Security")]
    [InlineData("/subscriptions", "subscriptions")]
    [InlineData("/subscriptions/s1", "subscriptions")]
    [InlineData("/", "root")]
    [InlineData("/weird/path", "other")]
    public void Family_IsTheProviderNamespace_NeverAnId(string path, string expected) => Assert.Equal(expected, DashboardTelemetry.Family(path));
}
