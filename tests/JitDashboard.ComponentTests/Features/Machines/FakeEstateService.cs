using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.ComponentTests.Features.Machines;

/// <summary>A hand-written estate: tests set the snapshot and publish changes.</summary>
public sealed class FakeEstateService : IEstateService
{
    public EstateSnapshot Snapshot { get; private set; } = EstateSnapshot.Initial;

    public int RefreshCount { get; private set; }

    public event Action<EstateSnapshot>? Changed;

    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        RefreshCount++;
        return Task.CompletedTask;
    }

    public void Publish(EstateSnapshot snapshot)
    {
        Snapshot = snapshot;
        Changed?.Invoke(snapshot);
    }

    public static EstateSnapshot Loaded(params EstateMachine[] machines)
        => new(machines, [new SubscriptionInfo("11111111-1111-1111-1111-111111111111", "Contoso Production", "Enabled")], DateTimeOffset.UtcNow, null, IsLoading: false);

    /// <summary>Machines in two subscriptions (Production and Dev), with their controls.</summary>
    public static EstateSnapshot LoadedTwoSubscriptions(params EstateMachine[] machines)
        => new(machines,
            [new SubscriptionInfo(MachineBuilder.ProductionId, "Contoso Production", "Enabled"), new SubscriptionInfo(MachineBuilder.DevId, "Contoso Dev", "Enabled")],
            DateTimeOffset.UtcNow, null, IsLoading: false)
        {
            Controls = new Dictionary<string, ManagementPortsControl>(StringComparer.OrdinalIgnoreCase)
            {
                [MachineBuilder.ProductionId] = new(4, 8, 2, 2, 0),
                [MachineBuilder.DevId] = new(8, 8, 1, 0, 0),
            },
        };

    public static EstateMachine Machine(string name, string resourceGroup = "rg-web", string location = "westeurope", string os = "Linux", string? powerState = "running")
    {
        const string sub = "11111111-1111-1111-1111-111111111111";
        var vm = new VirtualMachineInfo(
            $"/subscriptions/{sub}/resourceGroups/{resourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}",
            name, sub, resourceGroup, location, os, "Standard_B2s", [], new Dictionary<string, string>(), null, powerState);
        return new EstateMachine(vm, "Contoso Production");
    }
}
