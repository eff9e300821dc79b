namespace JitDashboard.Features.Automation;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DriftKind>))]
public enum DriftKind
{
    /// <summary>The VM left its JIT policy.</summary>
    RemovedFromPolicy,

    /// <summary>A JIT deny rule for the VM was deleted from its NSG.</summary>
    DenyRuleDeleted,

    /// <summary>A custom allow rule now opens a JIT port ahead of the deny rule: JIT cannot close it by itself.</summary>
    AllowRuleAhead,
}
