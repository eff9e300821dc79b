using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Arm;

/// <summary>Virtual machines through the Compute SDK (api-version set on the ArmClient's options).</summary>
public sealed class ComputeClient(ArmClientProvider arm) : IComputeClient
{
    public IAsyncEnumerable<VirtualMachineInfo> ListVirtualMachinesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => ArmBoundary.EnumerateAsync(ListCoreAsync(subscriptionId, cancellationToken), $"/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines", cancellationToken);

    private async IAsyncEnumerable<VirtualMachineInfo> ListCoreAsync(string subscriptionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscription = arm.Client.GetSubscriptionResource(new ResourceIdentifier($"/subscriptions/{subscriptionId}"));
        await foreach (var vm in subscription.GetVirtualMachinesAsync(cancellationToken: cancellationToken))
            yield return Map(vm.Data);
    }

    public Task<IReadOnlyDictionary<string, string>> ListPowerStatesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => ArmBoundary.RunAsync(() => ListPowerStatesCoreAsync(subscriptionId, cancellationToken),
            "GET", $"/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines?statusOnly=true", cancellationToken);

    private async Task<IReadOnlyDictionary<string, string>> ListPowerStatesCoreAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var subscription = arm.Client.GetSubscriptionResource(new ResourceIdentifier($"/subscriptions/{subscriptionId}"));
        var states = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var vm in subscription.GetVirtualMachinesAsync(statusOnly: "true", cancellationToken: cancellationToken))
        {
            var state = PowerStateOf(vm.Data.InstanceView);
            if (state is not null)
                states[vm.Data.Id.ToString()] = StringPool.Shared.Get(state)!;
        }

        return states;
    }

    public async Task<VirtualMachineInfo?> GetVirtualMachineAsync(string id, bool expandInstanceView = false, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ArmBoundary.RunAsync(async () =>
            {
                var vm = arm.Client.GetVirtualMachineResource(new ResourceIdentifier(id));
                var response = await vm.GetAsync(expandInstanceView ? InstanceViewType.InstanceView : null, cancellationToken);
                return Map(response.Value.Data);
            }, "GET", id, cancellationToken);
        }
        catch (ArmRequestException e) when (e.Failure.Kind == ArmFailureKind.NotFound)
        {
            // The VM itself is absent; a 404 about its scope (subscription gone) is a failure, not an answer.
            return null;
        }
    }

    /// <summary>Maps the SDK's model to the dashboard's.</summary>
    public static VirtualMachineInfo Map(VirtualMachineData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var id = data.Id;
        // Through the pool: the subscription, group, location, size and tags repeat across the estate's VMs, and the
        // NIC ids are the ones the network lists read.
        var pool = StringPool.Shared;
        return new VirtualMachineInfo(
            Id: pool.Get(id.ToString())!,
            Name: data.Name,
            SubscriptionId: pool.Get(id.SubscriptionId) ?? "",
            ResourceGroup: pool.Get(id.ResourceGroupName) ?? "",
            Location: pool.Get(data.Location.Name)!,
            OsType: pool.Get(data.StorageProfile?.OSDisk?.OSType?.ToString()),
            VmSize: pool.Get(data.HardwareProfile?.VmSize?.ToString()),
            NicIds: data.NetworkProfile?.NetworkInterfaces?.Where(n => n.Id is not null).Select(n => pool.Get(n.Id.ToString())!).ToArray() ?? [],
            Tags: Tags(data.Tags, pool),
            ScaleSetId: pool.Get(data.VirtualMachineScaleSetId?.ToString()),
            PowerState: pool.Get(PowerStateOf(data.InstanceView)));
    }

    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    private static IReadOnlyDictionary<string, string> Tags(IDictionary<string, string>? tags, StringPool pool)
    {
        if (tags is null || tags.Count == 0)
            return NoTags;
        var copy = new Dictionary<string, string>(tags.Count);
        foreach (var (key, value) in tags)
            copy[pool.Get(key)!] = pool.Get(value)!;
        return copy;
    }

    /// <summary><c>PowerState/running</c> → <c>running</c>.</summary>
    public static string? PowerStateOf(VirtualMachineInstanceView? instanceView)
    {
        const string prefix = "PowerState/";
        var code = instanceView?.Statuses?.FirstOrDefault(s => s.Code?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true)?.Code;
        return code?[prefix.Length..];
    }
}
