using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

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
