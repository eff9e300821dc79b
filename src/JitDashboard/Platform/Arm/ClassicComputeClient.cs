using JitDashboard.Platform.Arm.Models;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Arm;

/// <summary>Classic VMs, which the Compute SDK does not list, through the ArmClient's pipeline.</summary>
public sealed class ClassicComputeClient(ArmRestClient rest, IOptions<ArmOptions> options)
{
    public IAsyncEnumerable<ClassicVirtualMachine> ListVirtualMachinesAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => rest.ListAsync<ClassicVirtualMachine>($"/subscriptions/{subscriptionId}/providers/Microsoft.ClassicCompute/virtualMachines",
            options.Value.ApiVersions.ClassicCompute, cancellationToken: cancellationToken);
}
