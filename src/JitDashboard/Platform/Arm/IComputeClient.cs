using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Arm;

public interface IComputeClient
{
    /// <summary>Every VM of a subscription: one list call per page, never a GET per VM.</summary>
    IAsyncEnumerable<VirtualMachineInfo> ListVirtualMachinesAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>Power state per VM id (lower-case ids), from the subscription's <c>statusOnly=true</c> list.</summary>
    Task<IReadOnlyDictionary<string, string>> ListPowerStatesAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>One VM, or null when it does not exist.</summary>
    Task<VirtualMachineInfo?> GetVirtualMachineAsync(string id, bool expandInstanceView = false, CancellationToken cancellationToken = default);
}
