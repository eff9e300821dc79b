using System.Text.Json.Nodes;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Policies;

/// <summary>What closing one blocking rule does: delete it or rewrite its ports; which other VMs behind its NSG it touches.</summary>
public sealed record RuleChangePlan(
    string NsgId,
    string NsgName,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NsgLevel>))] NsgLevel Level,
    string RuleName,
    int Priority,
    RuleChangeAction Action,
    IReadOnlyList<string> PortsBefore,
    IReadOnlyList<string> PortsAfter,
    IReadOnlyList<int> JitPorts,
    IReadOnlyList<string> MachineIds,
    IReadOnlyList<string> OtherAffectedVms,
    JsonObject Original)
{
    public string RuleId => $"{NsgId}/securityRules/{RuleName}";
}
