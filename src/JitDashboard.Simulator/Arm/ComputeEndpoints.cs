using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>Microsoft.Compute/virtualMachines: lists (optionally with status), get with $expand=instanceView, instanceView.</summary>
public static class ComputeEndpoints
{
    private const string Vms = "providers/Microsoft.Compute/virtualMachines";

    public static void Map(ArmRouter r)
    {
        r.Get($"subscriptions/{{sub}}/{Vms}", ApiFamily.Compute,
            req => req.PageKeys(req.State.List(req["sub"], ResourceTypes.VirtualMachines), vm => Render(req, vm)));
        r.Get("subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/virtualMachines", ApiFamily.Compute, req =>
        {
            var keys = req.State.List(req["sub"], ResourceTypes.VirtualMachines)
                .Where(k => SameLocation((string?)req.State.GetByKey(k)["location"], req["location"])).ToList();
            return req.PageKeys(keys, vm => Render(req, vm));
        });
        r.Get($"subscriptions/{{sub}}/resourceGroups/{{rg}}/{Vms}", ApiFamily.Compute,
            req => req.PageKeys(req.State.List(req["sub"], ResourceTypes.VirtualMachines, req["rg"]), vm => Render(req, vm)));
        r.Get($"subscriptions/{{sub}}/resourceGroups/{{rg}}/{Vms}/{{name}}", ApiFamily.Compute, req => new ArmResult(200, Render(req, Find(req))));
        r.Get($"subscriptions/{{sub}}/resourceGroups/{{rg}}/{Vms}/{{name}}/instanceView", ApiFamily.Compute,
            req => new ArmResult(200, req.State.GetInstanceView(Find(req)).DeepClone()));
        // Classic (ASM) VMs are listed by their own provider; JIT does not support them, but they are exposed all the same.
        r.Get("subscriptions/{sub}/providers/Microsoft.ClassicCompute/virtualMachines", ApiFamily.ClassicCompute,
            req => req.PageKeys(req.State.List(req["sub"], ResourceTypes.ClassicVirtualMachines), vm => vm.DeepClone()));
    }

    /// <summary>Location names compare loosely: "West Europe" and "westeurope" are the same region.</summary>
    public static bool SameLocation(string? a, string? b)
        => string.Equals(a?.Replace(" ", "", StringComparison.Ordinal), b?.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static JsonObject Find(ArmRequest req)
    {
        var id = $"/subscriptions/{req["sub"]}/resourceGroups/{req["rg"]}/{Vms}/{req["name"]}";
        return req.State.Get(id) ?? throw ArmErrors.ResourceNotFound(ResourceTypes.VirtualMachines, req["name"], req["rg"]);
    }

    private static JsonObject Render(ArmRequest req, JsonObject vm)
    {
        var copy = (JsonObject)vm.DeepClone();
        if (req.QueryIs("statusOnly", "true") || req.QueryIs("$expand", "instanceView"))
            ((JsonObject)copy["properties"]!)["instanceView"] = req.State.GetInstanceView(vm).DeepClone();
        return copy;
    }
}
