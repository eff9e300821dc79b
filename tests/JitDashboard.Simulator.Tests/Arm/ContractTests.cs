using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using JitDashboard.Simulator.Tests.State;
using System.Net;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Tests.Arm;

/// <summary>
/// For each saved ARM example, the simulator answers the same kind of request with a body that has every
/// property of the example's body, with the same JSON kind. The estate is made from the examples themselves
/// (ids moved into one subscription), so the stored resources are the real shapes; derived answers (JIT,
/// assessments, secure score) are built by the simulator.
/// </summary>
public sealed class ContractTests
{
    private const string Sub = "20ff7fc3-e762-44dd-bd96-b71116dcdc23";
    private const string Rg = $"/subscriptions/{Sub}/resourceGroups/myRg1";
    private const string Vm1 = $"{Rg}/providers/Microsoft.Compute/virtualMachines/vm1";

    // vm-list has no NIC in the estate, so JIT does not apply: NotApplicable with a cause, like the example.
    private const string VmList = $"/subscriptions/{Sub}/resourceGroups/myRg2/providers/Microsoft.Compute/virtualMachines/vm-list";
    private const string Policy = $"{Rg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default";

    private static readonly string[] Files =
    [
        "jit/CreateJitNetworkAccessPolicy_example.json",
        "jit/DeleteJitNetworkAccessPolicy_example.json",
        "jit/GetJitNetworkAccessPoliciesResourceGroupLocation_example.json",
        "jit/GetJitNetworkAccessPoliciesSubscription_example.json",
        "jit/GetJitNetworkAccessPolicy_example.json",
        "jit/InitiateJitNetworkAccessPolicy_example.json",
        "jit/2015-06-01-preview/GetJitNetworkAccessPolicy_example.json",
        "jit/2015-06-01-preview/InitiateJitNetworkAccessPolicy_example.json",
        "network/NetworkInterfaceGet.json",
        "network/NetworkSecurityGroupGet.json",
        "network/PublicIpAddressCreateCustomizedValues.json",
        "network/PublicIpAddressGet.json",
        "network/SubnetGet.json",
        "compute/VirtualMachine_Get.json",
        "compute/VirtualMachine_Get_InstanceView.json",
        "compute/VirtualMachine_ListBySubscription_ByLocation.json",
        "securescore/ListSecureScoreControls_example.json",
        "securescore/ListSecureScores_example.json",
        "assessments/GetAssessment_example.json",
        "assessments/ListAssessments_example.json",
        "assessments/2021-06-01/GetAssessmentWithExpand_example.json",
        "network/ApplicationSecurityGroupGet.json",
        "network/ApplicationSecurityGroupListAll.json",
        "network/AzureFirewallGet.json",
        "network/FirewallPolicyGet.json",
        "network/FirewallPolicyNatRuleCollectionGroupGet.json",
        "network/InboundNatRuleGet.json",
        "network/LoadBalancerGet.json",
        "network/NetworkInterfaceEffectiveNSGList.json",
        "network/NetworkManagerEffectiveSecurityAdminRulesList.json",
        "network/NetworkWatcherIpFlowVerify.json",
    ];

    /// <summary>
    /// Saved examples not (yet) served. Empty since the exposure issue: a newly saved example still fails
    /// <see cref="Examples_CoverEverySavedExample"/> until someone decides which list it belongs to.
    /// </summary>
    private static readonly string[] PendingExposureExamples = [];

    public static TheoryData<string> Examples() => new(Files);

    [Fact]
    public void Examples_CoverEverySavedExample()
    {
        var saved = new[] { "jit", "network", "compute", "securescore" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(SharedFiles.ArmContract, d), "*.json", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(SharedFiles.ArmContract, "assessments"), "*xample*.json", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(SharedFiles.ArmContract, f).Replace('\\', '/'))
            .Order()
            .ToList();
        Assert.Empty(Files.Intersect(PendingExposureExamples));
        Assert.Equal(saved, Files.Concat(PendingExposureExamples).Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_ResponseShape_IsMatched(string file)
    {
        var example = SharedFiles.Example(file);
        await using var sim = await SimFixture.StartAsync(ContractEstate());
        var parameters = example["parameters"]!.AsObject();
        var api = (string)parameters["api-version"]!;

        if (file.StartsWith("jit/", StringComparison.Ordinal))
            await SeedPolicyAsync(sim, api);

        HttpStatusCode expectedStatus;
        HttpMethod method = HttpMethod.Get;
        string url;
        JsonNode? body = null;
        switch (Path.GetFileNameWithoutExtension(file))
        {
            case "CreateJitNetworkAccessPolicy_example":
                (method, url, body, expectedStatus) = (HttpMethod.Put, $"{Policy}?api-version={api}", PolicyBody(), HttpStatusCode.OK);
                break;
            case "DeleteJitNetworkAccessPolicy_example":
                var first = await sim.SendAsync(HttpMethod.Delete, $"{Policy}?api-version={api}");
                Assert.Equal(HttpStatusCode.OK, first.Status);
                var again = await sim.SendAsync(HttpMethod.Delete, $"{Policy}?api-version={api}");
                Assert.Equal(HttpStatusCode.NoContent, again.Status);
                Assert.True(example["responses"]!.AsObject().ContainsKey("200") && example["responses"]!.AsObject().ContainsKey("204"));
                return;
            case "GetJitNetworkAccessPoliciesResourceGroupLocation_example":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies?api-version={api}", HttpStatusCode.OK);
                break;
            case "GetJitNetworkAccessPoliciesSubscription_example":
                (url, expectedStatus) = ($"/subscriptions/{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version={api}", HttpStatusCode.OK);
                break;
            case "GetJitNetworkAccessPolicy_example":
                (url, expectedStatus) = ($"{Policy}?api-version={api}", HttpStatusCode.OK);
                break;
            case "InitiateJitNetworkAccessPolicy_example":
                (method, url, body, expectedStatus) = (HttpMethod.Post, $"{Policy}/initiate?api-version={api}", InitiateBody(api == "2020-01-01"), HttpStatusCode.Accepted);
                break;
            case "NetworkInterfaceGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/networkInterfaces/test-nic?api-version={api}", HttpStatusCode.OK);
                break;
            case "NetworkSecurityGroupGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/networkSecurityGroups/nsg?api-version={api}", HttpStatusCode.OK);
                break;
            case "PublicIpAddressCreateCustomizedValues":
                body = parameters["parameters"]!.DeepClone();
                body["zones"] = parameters["zones"]!.DeepClone();
                // Replaces the address test-nic uses, so the answer carries the ipConfiguration back-reference.
                (method, url, expectedStatus) = (HttpMethod.Put, $"{Rg}/providers/Microsoft.Network/publicIPAddresses/test-ip?api-version={api}", HttpStatusCode.OK);
                break;
            case "PublicIpAddressGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/publicIPAddresses/test-ip?api-version={api}", HttpStatusCode.OK);
                break;
            case "SubnetGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/virtualNetworks/rg1-vnet/subnets/subnet1?api-version={api}", HttpStatusCode.OK);
                break;
            case "VirtualMachine_Get":
                (url, expectedStatus) = ($"{Vm1}?api-version={api}&$expand=userData", HttpStatusCode.OK);
                break;
            case "VirtualMachine_Get_InstanceView":
                (url, expectedStatus) = ($"{Vm1}/instanceView?api-version={api}", HttpStatusCode.OK);
                break;
            case "VirtualMachine_ListBySubscription_ByLocation":
                (url, expectedStatus) = ($"/subscriptions/{Sub}/providers/Microsoft.Compute/locations/eastus/virtualMachines?api-version={api}", HttpStatusCode.OK);
                break;
            case "ListSecureScoreControls_example":
                (url, expectedStatus) = ($"/subscriptions/{Sub}/providers/Microsoft.Security/secureScoreControls?api-version={api}", HttpStatusCode.OK);
                break;
            case "ListSecureScores_example":
                (url, expectedStatus) = ($"/subscriptions/{Sub}/providers/Microsoft.Security/secureScores?api-version={api}", HttpStatusCode.OK);
                break;
            case "GetAssessment_example":
                (url, expectedStatus) = ($"{VmList}/providers/Microsoft.Security/assessments/805651bc-6ecd-4c73-9b55-97a19d0582d0?api-version={api}", HttpStatusCode.OK);
                break;
            case "GetAssessmentWithExpand_example":
                (url, expectedStatus) = ($"{VmList}/providers/Microsoft.Security/assessments/805651bc-6ecd-4c73-9b55-97a19d0582d0?api-version={api}&$expand=links", HttpStatusCode.OK);
                break;
            case "ListAssessments_example":
                (url, expectedStatus) = ($"/subscriptions/{Sub}/providers/Microsoft.Security/assessments?api-version={api}", HttpStatusCode.OK);
                break;
            case "ApplicationSecurityGroupGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/applicationSecurityGroups/test-asg?api-version={api}", HttpStatusCode.OK);
                break;
            case "ApplicationSecurityGroupListAll":
                (url, expectedStatus) = ($"/subscriptions/{Sub}/providers/Microsoft.Network/applicationSecurityGroups?api-version={api}", HttpStatusCode.OK);
                break;
            case "AzureFirewallGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/azureFirewalls/azurefirewall?api-version={api}", HttpStatusCode.OK);
                break;
            case "FirewallPolicyGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/firewallPolicies/firewallPolicy?api-version={api}", HttpStatusCode.OK);
                break;
            case "FirewallPolicyNatRuleCollectionGroupGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/firewallPolicies/firewallPolicy/ruleCollectionGroups/ruleCollectionGroup1?api-version={api}", HttpStatusCode.OK);
                break;
            case "InboundNatRuleGet":
                // test-nic's ipconfig1 names the rule, so the answer carries backendIPConfiguration as the example does.
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/loadBalancers/lb/inboundNatRules/in-nat-rule?api-version={api}", HttpStatusCode.OK);
                break;
            case "LoadBalancerGet":
                (url, expectedStatus) = ($"{Rg}/providers/Microsoft.Network/loadBalancers/lb?api-version={api}", HttpStatusCode.OK);
                break;
            case "NetworkInterfaceEffectiveNSGList":
                (method, url, body, expectedStatus) = (HttpMethod.Post, $"{Rg}/providers/Microsoft.Network/networkInterfaces/test-nic/effectiveNetworkSecurityGroups?api-version={api}", null, HttpStatusCode.OK);
                break;
            case "NetworkManagerEffectiveSecurityAdminRulesList":
                // Two rules apply to rg1-vnet and $top=1: the first page carries the skipToken, as the example does.
                (method, url, body, expectedStatus) = (HttpMethod.Post, $"{Rg}/providers/Microsoft.Network/virtualNetworks/rg1-vnet/listNetworkManagerEffectiveSecurityAdminRules?api-version={api}&$top=1", new JsonObject(), HttpStatusCode.OK);
                break;
            case "NetworkWatcherIpFlowVerify":
                body = parameters["parameters"]!.DeepClone();
                body["targetResourceId"] = Vm1;
                body["direction"] = "Inbound";
                body["localIPAddress"] = "172.20.2.4";
                body["localPort"] = "22";
                (method, url, expectedStatus) = (HttpMethod.Post, $"{Rg}/providers/Microsoft.Network/networkWatchers/nw1/ipFlowVerify?api-version={api}", HttpStatusCode.OK);
                break;
            default:
                throw new InvalidOperationException($"No request known for {file}.");
        }

        var (status, answer, _) = await sim.SendAsync(method, url, body);
        Assert.True(status == expectedStatus, $"{method} {url} → {(int)status} {answer?.ToJsonString()}");
        var expected = example["responses"]![((int)expectedStatus).ToString(System.Globalization.CultureInfo.InvariantCulture)]!["body"];
        // linkedWorkspaceId is additional data of the endpoint-protection assessment, not of the management-port ones.
        // An NSG's effective entry names what it is associated with: the NIC here (test-nic's subnet has no NSG and no
        // network manager applies), where the example shows every kind of association at once.
        var skip = new HashSet<string> { "$.properties.additionalData.linkedWorkspaceId", "$.value[0].association.networkManager", "$.value[0].association.subnet" };
        var differences = JsonShape.Differences(expected, answer, skip);
        Assert.True(differences.Count == 0, string.Join("\n", differences) + "\n" + answer?.ToJsonString());
    }

    private static JsonObject PolicyBody() => (JsonObject)SharedFiles.Example("jit/CreateJitNetworkAccessPolicy_example.json")["parameters"]!["body"]!.DeepClone();

    private static JsonObject InitiateBody(bool stable)
    {
        var body = (JsonObject)SharedFiles.Example(stable
            ? "jit/InitiateJitNetworkAccessPolicy_example.json"
            : "jit/2015-06-01-preview/InitiateJitNetworkAccessPolicy_example.json")["parameters"]!["body"]!.DeepClone();
        foreach (var port in body["virtualMachines"]!.AsArray().SelectMany(v => v!["ports"]!.AsArray()))
        {
            // The saved examples carry 2018 end times (and the preview one a stale "duration"): ask for one hour from now.
            port!.AsObject().Remove("duration");
            port["endTimeUtc"] = DateTime.UtcNow.AddHours(1).ToString("o");
        }
        return body;
    }

    /// <summary>A policy with a recorded request (with a justification), as the GET examples show.</summary>
    private static async Task SeedPolicyAsync(SimFixture sim, string api)
    {
        await sim.SendOkAsync(HttpMethod.Put, $"{Policy}?api-version={api}", PolicyBody());
        var initiate = InitiateBody(stable: true);
        initiate["justification"] = "testing a new version of the product";
        await sim.SendOkAsync(HttpMethod.Post, $"{Policy}/initiate?api-version={api}", initiate, HttpStatusCode.Accepted);
    }

    /// <summary>The examples' resources, moved into one subscription and resource group and wired together.</summary>
    private static JsonObject ContractEstate()
    {
        JsonObject Body(string file, string? id = null)
        {
            var text = SharedFiles.Example(file)["responses"]!["200"]!["body"]!.ToJsonString();
            foreach (var placeholder in new[] { "subid", "{subscription-id}", "{subscriptionId}" })
                text = text.Replace($"/subscriptions/{placeholder}/", $"/subscriptions/{Sub}/", StringComparison.Ordinal);
            foreach (var rg in new[] { "rg1", "myResourceGroup", "subnet-test", "testrg", "{resourceGroupName}" })
                text = text.Replace($"/resourceGroups/{rg}/", "/resourceGroups/myRg1/", StringComparison.Ordinal);
            var node = JsonNode.Parse(text)!;
            var resource = (JsonObject)(node["value"] is JsonArray list ? list[0]! : node).DeepClone();
            if (id is not null)
            {
                resource["id"] = id;
                resource["name"] = id[(id.LastIndexOf('/') + 1)..];
            }
            return resource;
        }

        var nic = Body("network/NetworkInterfaceGet.json", $"{Rg}/providers/Microsoft.Network/networkInterfaces/test-nic");
        var nsg = Body("network/NetworkSecurityGroupGet.json", $"{Rg}/providers/Microsoft.Network/networkSecurityGroups/nsg");
        var pip = Body("network/PublicIpAddressGet.json", $"{Rg}/providers/Microsoft.Network/publicIPAddresses/test-ip");
        var subnet1 = Body("network/SubnetGet.json");
        subnet1["id"] = $"{Rg}/providers/Microsoft.Network/virtualNetworks/rg1-vnet/subnets/subnet1";
        var vnet = new JsonObject
        {
            ["id"] = $"{Rg}/providers/Microsoft.Network/virtualNetworks/rg1-vnet",
            ["name"] = "rg1-vnet",
            ["type"] = "Microsoft.Network/virtualNetworks",
            ["location"] = "eastus",
            ["properties"] = new JsonObject
            {
                ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray("172.20.0.0/16") },
                ["subnets"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "default",
                        ["id"] = $"{Rg}/providers/Microsoft.Network/virtualNetworks/rg1-vnet/subnets/default",
                        ["properties"] = new JsonObject { ["addressPrefix"] = "172.20.2.0/24" },
                    },
                    subnet1),
            },
        };
        nic["properties"]!["ipConfigurations"]![0]!["properties"]!["loadBalancerInboundNatRules"] = new JsonArray(
            new JsonObject { ["id"] = $"{Rg}/providers/Microsoft.Network/loadBalancers/lb/inboundNatRules/in-nat-rule" });
        var lb = Body("network/LoadBalancerGet.json");
        var asg = Body("network/ApplicationSecurityGroupGet.json");
        var asg1 = Body("network/ApplicationSecurityGroupListAll.json");
        var firewall = Body("network/AzureFirewallGet.json");
        var policy = Body("network/FirewallPolicyGet.json");
        var group = Body("network/FirewallPolicyNatRuleCollectionGroupGet.json");
        var watcher = new JsonObject
        {
            ["id"] = $"{Rg}/providers/Microsoft.Network/networkWatchers/nw1",
            ["type"] = "Microsoft.Network/networkWatchers",
            ["location"] = "westus",
            ["properties"] = new JsonObject(),
        };
        var manager = $"{Rg}/providers/Microsoft.Network/networkManagers/testNetworkManager";
        var adminRule = (JsonObject)SharedFiles.Example("network/NetworkManagerEffectiveSecurityAdminRulesList.json")["responses"]!["200"]!["body"]!["value"]![0]!.DeepClone();
        JsonObject Admin(string name, int priority)
        {
            var props = (JsonObject)adminRule["properties"]!.DeepClone();
            props["priority"] = priority;
            return new JsonObject
            {
                ["id"] = $"{manager}/securityAdminConfigurations/myTestSecurityConfig/ruleCollections/testRuleCollection/rules/{name}",
                ["type"] = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                ["kind"] = "Default",
                ["properties"] = props,
            };
        }
        var networkManager = new JsonArray(
            new JsonObject
            {
                ["id"] = $"{manager}/networkGroups/group1",
                ["type"] = "Microsoft.Network/networkManagers/networkGroups",
                ["properties"] = new JsonObject { ["description"] = "A group for all test Virtual Networks" },
            },
            new JsonObject
            {
                ["id"] = $"{manager}/networkGroups/group1/staticMembers/rg1-vnet",
                ["type"] = "Microsoft.Network/networkManagers/networkGroups/staticMembers",
                ["properties"] = new JsonObject { ["resourceId"] = $"{Rg}/providers/Microsoft.Network/virtualNetworks/rg1-vnet" },
            },
            new JsonObject
            {
                ["id"] = $"{manager}/securityAdminConfigurations/myTestSecurityConfig",
                ["type"] = "Microsoft.Network/networkManagers/securityAdminConfigurations",
                ["properties"] = new JsonObject { ["description"] = "SampleDescription" },
            },
            new JsonObject
            {
                ["id"] = $"{manager}/securityAdminConfigurations/myTestSecurityConfig/ruleCollections/testRuleCollection",
                ["type"] = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections",
                ["properties"] = new JsonObject
                {
                    ["description"] = "SampleRuleCollectionDescription",
                    ["appliesToGroups"] = new JsonArray(new JsonObject { ["networkGroupId"] = $"{manager}/networkGroups/group1" }),
                },
            },
            Admin("SampleAdminRule", 1),
            Admin("SecondAdminRule", 2));
        var vm = Body("compute/VirtualMachine_Get.json", Vm1);
        vm["properties"]!["networkProfile"] = new JsonObject
        {
            ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = (string)nic["id"]!, ["properties"] = new JsonObject { ["primary"] = true } }),
        };
        vm["properties"]!["instanceView"] = SharedFiles.Example("compute/VirtualMachine_Get_InstanceView.json")["responses"]!["200"]!["body"]!.DeepClone();
        var listed = Body("compute/VirtualMachine_ListBySubscription_ByLocation.json", $"/subscriptions/{Sub}/resourceGroups/myRg2/providers/Microsoft.Compute/virtualMachines/vm-list");
        return new JsonObject
        {
            ["subscriptions"] = new JsonArray(new JsonObject { ["subscriptionId"] = Sub, ["displayName"] = "Contract" }),
            ["resources"] = new JsonArray([nic, nsg, pip, vnet, vm, listed, lb, asg, asg1, firewall, policy, group, watcher,
                .. networkManager.Select(n => n!.DeepClone())]),
        };
    }
}
