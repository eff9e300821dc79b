using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.UnitTests.Features.Automation;

internal static class AutomationTestData
{
    public const string SubA = "00000000-0000-0000-0000-00000000000a";
    public const string SubB = "00000000-0000-0000-0000-00000000000b";

    public static EstateMachine Machine(string name, string sub = SubA, string rg = "rg-a", Dictionary<string, string>? tags = null, MachineFacts? facts = null)
    {
        var id = $"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";
        return new EstateMachine(new VirtualMachineInfo(id, name, sub, rg, "westeurope", "Linux", "Standard_B2s", [], tags ?? []), "Sub", facts ?? MachineFacts.Empty);
    }

    public static AutomationRule Rule(
        IEnumerable<string>? subscriptions = null,
        IEnumerable<string>? groups = null,
        Dictionary<string, string>? tags = null,
        Dictionary<string, string>? excludeTags = null,
        IEnumerable<string>? excludeIds = null) => new()
    {
        Id = Guid.NewGuid(),
        Name = "r",
        Enabled = true,
        Scope = new AutomationScope { SubscriptionIds = [.. subscriptions ?? []], ResourceGroups = [.. groups ?? []], Tags = tags ?? [] },
        Exclusions = new AutomationExclusions { Tags = excludeTags ?? [], MachineIds = [.. excludeIds ?? []] },
    };
}
