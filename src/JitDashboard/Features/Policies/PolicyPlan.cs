using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationKind>))]
public enum JitOperationKind
{
    Apply,
    Remove,
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PlannedChange>))]
public enum PlannedChange
{
    /// <summary>The VM joins the policy.</summary>
    Added,

    /// <summary>The VM is in the policy with other ports; they are replaced.</summary>
    Changed,

    /// <summary>The VM already has exactly these ports: nothing to write for it.</summary>
    Untouched,

    /// <summary>The VM leaves the policy.</summary>
    Removed,
}

/// <summary>One selected VM in one policy.</summary>
/// <param name="NewlyCoveredPorts">Ports JIT covers after the change that it did not cover before.</param>
/// <param name="Warnings">E.g. a custom allow rule that keeps a port open after JIT.</param>
public sealed record PlannedVm(
    string MachineId,
    string Name,
    string OsType,
    PlannedChange Change,
    IReadOnlyList<JitPortRule> Ports,
    IReadOnlyList<int> NewlyCoveredPorts,
    IReadOnlyList<string> Warnings);

/// <summary>What happens to one policy.</summary>
/// <param name="OtherVmsKept">VMs already in the policy that were not selected: carried over unchanged.</param>
/// <param name="Exists">Whether the policy exists now (false: the apply creates it).</param>
/// <param name="DeletesPolicy">Remove only: nothing is left, so the policy is deleted.</param>
public sealed record PolicyChange(JitPolicyId Key, IReadOnlyList<PlannedVm> Vms, int OtherVmsKept, bool Exists, bool DeletesPolicy)
{
    public bool NeedsWrite => Vms.Any(v => v.Change != PlannedChange.Untouched);
}

/// <summary>A selected VM that is left alone, and why.</summary>
public sealed record SkippedVm(string MachineId, string? Name, string Reason);

/// <summary>The preview: per policy, per VM; skipped VMs; and input errors (when any, nothing may be written).</summary>
public sealed record PolicyPlan(
    JitOperationKind Kind,
    Guid? TemplateId,
    IReadOnlyList<PolicyChange> Policies,
    IReadOnlyList<SkippedVm> Skipped,
    IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Apply with "close the custom allow rules": what happens to each rule that keeps the JIT ports open.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RuleChangePlan>? RuleChanges { get; init; }

    public int Total => Policies.Sum(p => p.Vms.Count) + Skipped.Count;

    public static PolicyPlan Invalid(JitOperationKind kind, Guid? templateId, IReadOnlyDictionary<string, string[]> errors) => new(kind, templateId, [], [], errors);
}
