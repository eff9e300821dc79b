using System.Text.Json.Nodes;
using static JitDashboard.Simulator.Tests.Estate.EstateChecks;

namespace JitDashboard.Simulator.Tests.Estate;

/// <summary>Compares generated resources with the hand-checked ones in shared/estates/sample-estate.json.</summary>
internal static class ShapeAssert
{
    public static void CoversSample(EstateChecks estate)
    {
        var sample = new EstateChecks(JsonNode.Parse(File.ReadAllText(Path.Combine(SharedFolder(), "estates", "sample-estate.json")))!.AsObject());

        // Pick the fullest example of each: a NIC with NSG and public IP, an NSG with custom rules...
        static bool NicFull(JsonObject n) => Props(n)["networkSecurityGroup"] is not null
            && Props(n)["ipConfigurations"]![0]!["properties"]!["publicIPAddress"] is not null;
        Compare(sample.Of(Nic).First(NicFull), estate.Of(Nic).First(NicFull));
        Compare(sample.Of(Nsg).First(n => CustomRules(n).Any()), estate.Of(Nsg).First(n => CustomRules(n).Any()));
        Compare(sample.Of(Pip).First(), estate.Of(Pip).First());
        Compare(sample.Of(Vm).First(), estate.Of(Vm).First(v => Props(v)["virtualMachineScaleSet"] is null));
        Compare(sample.Of(Vnet).First(), estate.Of(Vnet).First());
        Compare(sample.Of(Policy).First(), estate.Of(Policy).First());
        Assert.Equal(sample.Subscriptions[0].Select(p => p.Key), estate.Subscriptions[0].Select(p => p.Key));
    }

    private static void Compare(JsonNode expected, JsonNode actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject e:
                var a = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var (name, value) in e)
                {
                    Assert.True(a.ContainsKey(name), $"{path}.{name} is missing");
                    // Tag names are data, not shape.
                    if (name != "tags" && value is not null)
                        Compare(value, a[name]!, $"{path}.{name}");
                }
                break;
            case JsonArray e:
                var arr = Assert.IsType<JsonArray>(actual, exactMatch: false);
                if (e.Count > 0 && arr.Count > 0 && e[0] is JsonObject)
                    Compare(e[0]!, arr[0]!, $"{path}[0]");
                break;
            default:
                Assert.Equal(expected.GetValueKind(), actual.GetValueKind());
                break;
        }
    }
}
