using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;

namespace JitDashboard.UnitTests.Platform.Estate.Inventory;

public sealed class InventoryEvaluatorTests
{
    private const string SampleSubscription = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    private static SubscriptionInventory Sample() =>
        EstateFile.Load(EstateFile.Read(RepoPaths.SharedFile("estates", "sample-estate.json")), SampleSubscription);

    public static TheoryData<string> SampleVms() => ["vm-web-ssh-open", "vm-office-rdp", "vm-legacy-no-nsg", "vm-jit-protected"];

    // shared/estates/sample-estate.expected.json states what DESIGN.md's semantics imply for each sample VM.
    [Theory]
    [MemberData(nameof(SampleVms))]
    public void SampleEstate_EachVm_MatchesExpectedFile(string vmName)
    {
        var expected = JsonNode.Parse(File.ReadAllText(RepoPaths.SharedFile("estates", "sample-estate.expected.json")))![vmName]!;
        var inventory = Sample();
        var vm = inventory.VirtualMachines.Single(v => v.Name == vmName);

        var facts = InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts).Machines[vm.Id];

        Assert.Equal((string)expected["jitStatus"]!, facts.JitStatus.ToString());
        foreach (var (port, value) in expected["ports"]!.AsObject())
        {
            var decision = facts.Ports.Single(p => p.Port == int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((string)value!["exposure"]!, decision.Exposure.ToString());
            Assert.Equal(value["sources"]!.AsArray().Select(s => (string)s!), decision.Sources);
        }
    }

    [Fact]
    public void EmptyPerVmLists_AreTheSharedEmptyArray_NotAListEach()
    {
        // Kept for every VM of the estate: an empty List each is 32 bytes times 100,000 VMs times each such list.
        var facts = InventoryEvaluator.Evaluate(Sample(), ExposureEvaluator.DefaultManagementPorts).Machines.Values.ToList();
        var configurations = facts.SelectMany(f => f.NetworkInputs).SelectMany(n => n.IpConfigurations).ToList();
        Assert.NotEmpty(configurations);
        Assert.All(configurations.Where(c => c.LoadBalancerDoors.Count == 0), c => Assert.Same(Array.Empty<LoadBalancerDoor>(), c.LoadBalancerDoors));
        Assert.All(configurations.Where(c => c.FirewallDoors.Count == 0), c => Assert.Same(Array.Empty<FirewallDoor>(), c.FirewallDoors));
        Assert.Contains(facts, f => f.JitRequests.Count == 0);
        Assert.All(facts.Where(f => f.JitRequests.Count == 0), f => Assert.Same(Array.Empty<JitRequestView>(), f.JitRequests));
    }

    [Fact]
    public void SampleEstate_JitProtectedVm_IsInDefaultPolicyWithItsPorts()
    {
        var inventory = Sample();
        var vm = inventory.VirtualMachines.Single(v => v.Name == "vm-jit-protected");

        var facts = InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts).Machines[vm.Id];

        Assert.EndsWith("/jitNetworkAccessPolicies/default", facts.JitPolicyId, StringComparison.Ordinal);
        Assert.Contains(facts.JitPorts, p => p.Number == 22);
        Assert.Contains(facts.Ports.SelectMany(p => p.Paths).SelectMany(p => p.Steps), s => s.RuleName.StartsWith("SecurityCenter-JITRule_", StringComparison.Ordinal));
    }

    [Fact]
    public void SampleEstate_LegacyVm_UnsupportedForMissingNsg_WithBasicIp()
    {
        var inventory = Sample();
        var vm = inventory.VirtualMachines.Single(v => v.Name == "vm-legacy-no-nsg");

        var facts = InventoryEvaluator.Evaluate(inventory, ExposureEvaluator.DefaultManagementPorts).Machines[vm.Id];

        Assert.Contains("network security group", facts.UnsupportedReason, StringComparison.OrdinalIgnoreCase);
        Assert.True(facts.Exposed);
        Assert.Equal("Basic", facts.Nics.Single().PublicIpSku);
    }

    [Fact]
    public void ScaleSetInstance_IsUnsupported_EvenWithNsg()
    {
        var inventory = Sample();
        var vm = inventory.VirtualMachines.Single(v => v.Name == "vm-web-ssh-open");
        var asScaleSet = inventory with { VirtualMachines = [vm with { ScaleSetId = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/ss" }] };

        var facts = InventoryEvaluator.Evaluate(asScaleSet, ExposureEvaluator.DefaultManagementPorts).Machines[vm.Id];

        Assert.Equal(JitStatus.Unsupported, facts.JitStatus);
        Assert.Contains("Scale-set", facts.UnsupportedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommendations_KeyedOnGuid_NotDisplayName_AndImpactFromControl()
    {
        var inventory = Sample();
        var open = inventory.VirtualMachines.Single(v => v.Name == "vm-web-ssh-open");
        var rdp = inventory.VirtualMachines.Single(v => v.Name == "vm-office-rdp");
        Assessment Assess(string vmId, string key, string code, string displayName = "renamed by Microsoft") => new()
        {
            Id = $"{vmId}/providers/Microsoft.Security/assessments/{key}",
            Name = key,
            Properties = new AssessmentProperties
            {
                DisplayName = displayName,
                ResourceDetails = new AssessmentResourceDetails { Source = "Azure", Id = vmId.ToUpperInvariant() },
                Status = new AssessmentStatus { Code = code },
            },
        };
        var control = new SecureScoreControl
        {
            Name = "1a2b3c4d-0000-0000-0000-000000000001",
            Properties = new SecureScoreControlProperties
            {
                DisplayName = "Secure management ports",
                HealthyResourceCount = 2,
                UnhealthyResourceCount = 2,
                Score = new ScoreDetails { Max = 8, Current = 4, Percentage = 0.5 },
            },
        };
        var assessed = inventory with
        {
            Assessments =
            [
                Assess(open.Id, Assessment.JitKey, "Unhealthy"),
                Assess(open.Id, Assessment.ManagementPortsClosedKey, "Unhealthy"),
                Assess(rdp.Id, Assessment.JitKey, "Unhealthy"),
                Assess(rdp.Id, Assessment.ManagementPortsClosedKey, "Healthy"),
                // Same display name as the real recommendation, different key: must be ignored.
                Assess(open.Id, "00000000-0000-0000-0000-000000000000", "Healthy", "Management ports should be closed on your virtual machines"),
            ],
            SecureScoreControls = [control],
        };

        var result = InventoryEvaluator.Evaluate(assessed, ExposureEvaluator.DefaultManagementPorts);

        Assert.Equal(RecommendationState.Unhealthy, result.Machines[open.Id].JitRecommendation);
        Assert.Equal(RecommendationState.Unhealthy, result.Machines[open.Id].ManagementPortsRecommendation);
        Assert.Equal(RecommendationState.Healthy, result.Machines[rdp.Id].ManagementPortsRecommendation);
        var legacy = inventory.VirtualMachines.Single(v => v.Name == "vm-legacy-no-nsg");
        Assert.Equal(RecommendationState.Unknown, result.Machines[legacy.Id].JitRecommendation);
        // 8 points over 4 assessed VMs: each unhealthy VM is worth 2 points.
        Assert.Equal(2.0, result.Machines[open.Id].SecureScoreImpact);
        Assert.Equal(2.0, result.Machines[rdp.Id].SecureScoreImpact);
        Assert.Equal(0.0, result.Machines[legacy.Id].SecureScoreImpact);
        Assert.Equal((4.0, 8, 2, 2), (result.Control!.Current, result.Control.Max, result.Control.Healthy, result.Control.Unhealthy));
    }

    [Fact]
    public void Control_Absent_IsCountedFromAssessments()
    {
        var inventory = Sample();
        var open = inventory.VirtualMachines.Single(v => v.Name == "vm-web-ssh-open");
        var jit = inventory.VirtualMachines.Single(v => v.Name == "vm-jit-protected");
        Assessment Assess(string vmId, string code) => new()
        {
            Name = Assessment.JitKey,
            Properties = new AssessmentProperties { ResourceDetails = new AssessmentResourceDetails { Id = vmId }, Status = new AssessmentStatus { Code = code } },
        };

        var result = InventoryEvaluator.Evaluate(inventory with { Assessments = [Assess(open.Id, "Unhealthy"), Assess(jit.Id, "Healthy")] }, ExposureEvaluator.DefaultManagementPorts);

        Assert.Equal((1, 1, 4.0), (result.Control!.Healthy, result.Control.Unhealthy, result.Control.Current));
        Assert.Equal(4.0, result.Machines[open.Id].SecureScoreImpact);
    }

    [Fact]
    public void ClassicVm_UnsupportedAndOpenBehindItsEndpoint()
    {
        var classic = new ClassicVirtualMachine
        {
            Id = $"/subscriptions/{SampleSubscription}/resourceGroups/rg-sample/providers/Microsoft.ClassicCompute/virtualMachines/vm-classic",
            Name = "vm-classic",
            Properties = new ClassicVirtualMachineProperties
            {
                InstanceView = new ClassicInstanceView { PowerState = "Started", PublicIpAddresses = ["40.1.2.3"] },
                NetworkProfile = new ClassicNetworkProfile { InputEndpoints = [new ClassicInputEndpoint { EndpointName = "RemoteDesktop", PrivatePort = 3389, PublicPort = 53389, Protocol = "tcp" }] },
            },
        };
        var vm = JitDashboard.Platform.Estate.Inventory.ArmInventorySource.ToVirtualMachineInfo(classic);
        var inventory = Sample() with { VirtualMachines = [vm] };

        var facts = InventoryEvaluator.Evaluate(inventory with { ClassicVirtualMachines = [classic] }, ExposureEvaluator.DefaultManagementPorts).Machines[vm.Id];

        Assert.Equal((JitStatus.Unsupported, "running"), (facts.JitStatus, vm.PowerState));
        Assert.Contains("Classic VM", facts.UnsupportedReason, StringComparison.Ordinal);
        Assert.Equal(PortExposure.Open, facts.Ports.Single(p => p.Port == 3389).Exposure);
        Assert.Contains("53389", facts.Ports.Single(p => p.Port == 3389).Reason, StringComparison.Ordinal);
        Assert.Equal(PortExposure.Closed, facts.Ports.Single(p => p.Port == 22).Exposure);
        Assert.Equal("40.1.2.3", facts.PublicIpAddresses.Single());
    }
}
