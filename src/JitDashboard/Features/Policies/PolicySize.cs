using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>ARM's request limit (4 MB, RPC common-api-details) as it applies to a JIT policy body.</summary>
public static class PolicySize
{
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The planner keeps a policy under this (three quarters of the limit): the writer merges in VMs added by others
    /// since the plan, and a policy must still take a few without crossing 4 MB.
    /// </summary>
    public const int PlanningBudgetBytes = MaxBytes / 4 * 3;

    public static int Of(JitNetworkAccessPolicy policy) => JsonSerializer.SerializeToUtf8Bytes(policy, ArmJson.Options).Length;

    public static int Of(JitVirtualMachine vm) => JsonSerializer.SerializeToUtf8Bytes(vm, ArmJson.Options).Length + 1;
}
