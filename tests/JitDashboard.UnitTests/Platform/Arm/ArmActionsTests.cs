using JitDashboard.UnitTests.Hosting;
using JitDashboard.UnitTests.Platform.Telemetry;
using JitDashboard.Platform.Arm;

namespace JitDashboard.UnitTests.Platform.Arm;

public sealed class ArmActionsTests
{
    [Theory]
    [InlineData("GET", "/subscriptions", "Microsoft.Resources/subscriptions/read")]
    [InlineData("GET", "/subscriptions/s1", "Microsoft.Resources/subscriptions/read")]
    [InlineData("GET", "/subscriptions/s1/resourceGroups/rg", "Microsoft.Resources/subscriptions/resourceGroups/read")]
    [InlineData("GET", "/subscriptions/s1/providers/Microsoft.Compute", "Microsoft.Resources/subscriptions/providers/read")]
    [InlineData("GET", "/subscriptions/s1/providers/Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines/read")]
    [InlineData("GET", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1", "Microsoft.Compute/virtualMachines/read")]
    [InlineData("GET", "/subscriptions/s1/providers/Microsoft.ClassicCompute/virtualMachines", "Microsoft.ClassicCompute/virtualMachines/read")]
    [InlineData("PUT", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r", "Microsoft.Network/networkSecurityGroups/securityRules/write")]
    [InlineData("DELETE", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n/securityRules/r", "Microsoft.Network/networkSecurityGroups/securityRules/delete")]
    [InlineData("PUT", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n", "Microsoft.Network/networkSecurityGroups/write")]
    [InlineData("GET", "/subscriptions/s1/providers/Microsoft.Security/jitNetworkAccessPolicies", "Microsoft.Security/locations/jitNetworkAccessPolicies/read")]
    [InlineData("GET", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/jitNetworkAccessPolicies", "Microsoft.Security/locations/jitNetworkAccessPolicies/read")]
    [InlineData("PUT", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default", "Microsoft.Security/locations/jitNetworkAccessPolicies/write")]
    [InlineData("POST", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default/initiate", "Microsoft.Security/locations/jitNetworkAccessPolicies/initiate/action")]
    [InlineData("GET", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Security/assessments/k", "Microsoft.Security/assessments/read")]
    [InlineData("GET", "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls", "Microsoft.Security/secureScores/secureScoreControls/read")]
    [InlineData("GET", "/subscriptions/s1/providers/Microsoft.Security/secureScoreControls?$expand=definition", "Microsoft.Security/secureScoreControls/read")]
    public void Required_FollowsArmsResourceTypeRules(string method, string path, string expected) => Assert.Equal(expected, ArmActions.Required(method, path));

    [Fact]
    public void NonArmPaths_HaveNoAction() => Assert.Null(ArmActions.Required("GET", "/_simulator/requests"));

    [Theory]
    [InlineData("Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/virtualMachines/read", true)]
    [InlineData("microsoft.compute/virtualmachines/READ", "Microsoft.Compute/virtualMachines/read", true)]
    [InlineData("Microsoft.Compute/*/read", "Microsoft.Compute/virtualMachines/read", true)]
    [InlineData("Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/virtualMachines/write", false)]
    [InlineData("Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/virtualMachines/readX", false)]
    public void Covers_HonoursWildcardsAndCase(string granted, string action, bool expected) => Assert.Equal(expected, ArmActions.Covers(granted, action));
}
