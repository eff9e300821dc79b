using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.UnitTests.Platform.Estate.Inventory;

/// <summary>Reads an estate file (DESIGN.md public contract 1) into what one refresh would have listed.</summary>
internal static class EstateFile
{
    public static SubscriptionInventory Load(JsonObject estate, string subscriptionId)
    {
        var subscription = estate["subscriptions"]!.AsArray().Select(s => s!.AsObject())
            .Single(s => (string)s["subscriptionId"]! == subscriptionId);
        var resources = estate["resources"]!.AsArray().Select(r => r!.AsObject())
            .Where(r => ((string)r["id"]!).StartsWith($"/subscriptions/{subscriptionId}/", StringComparison.OrdinalIgnoreCase))
            .ToList();

        List<T> OfType<T>(string type) => resources
            .Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Deserialize<T>(ArmJson.Options)!).ToList();

        return new SubscriptionInventory(
            new SubscriptionInfo(subscriptionId, (string)subscription["displayName"]!, "Enabled"),
            resources.Where(r => (string?)r["type"] is "Microsoft.Compute/virtualMachines" or "Microsoft.ClassicCompute/virtualMachines").Select(ToVm).ToList(),
            OfType<NetworkInterface>("Microsoft.Network/networkInterfaces"),
            OfType<NetworkSecurityGroup>("Microsoft.Network/networkSecurityGroups"),
            OfType<PublicIpAddress>("Microsoft.Network/publicIPAddresses"),
            OfType<VirtualNetwork>("Microsoft.Network/virtualNetworks"),
            OfType<JitNetworkAccessPolicy>("Microsoft.Security/locations/jitNetworkAccessPolicies"),
            [], [], []);
    }

    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static VirtualMachineInfo ToVm(JsonObject vm)
    {
        var id = (string)vm["id"]!;
        var segments = id.Split('/');
        var properties = vm["properties"]?.AsObject();
        return new VirtualMachineInfo(
            id, (string)vm["name"]!, segments[2], segments[4], (string?)vm["location"] ?? "",
            (string?)properties?["storageProfile"]?["osDisk"]?["osType"], (string?)properties?["hardwareProfile"]?["vmSize"],
            properties?["networkProfile"]?["networkInterfaces"]?.AsArray().Select(n => (string)n!["id"]!).ToList() ?? [],
            new Dictionary<string, string>(),
            (string?)properties?["virtualMachineScaleSet"]?["id"]);
    }
}
