using System.Text.Json.Nodes;

namespace JitDashboard.Features.Policies;

/// <summary>A rule change as the API and the Operations page show it.</summary>
public sealed record JitRuleChangeView(
    long Id, string NsgId, string NsgName, string Level, string RuleName, RuleChangeAction Action,
    IReadOnlyList<string> PortsBefore, IReadOnlyList<string> PortsAfter, IReadOnlyList<int> JitPorts,
    IReadOnlyList<string> MachineIds, IReadOnlyList<string> OtherAffectedVms, JitRuleChangeStatus Status, string? Error, JsonObject Original)
{
    public static JitRuleChangeView From(JitRuleChange c) => new(
        c.Id, c.NsgId, c.NsgName, c.Level, c.RuleName, c.Action, c.PortsBefore, c.PortsAfter, c.JitPorts, c.MachineIds, c.OtherAffectedVms,
        c.Status, c.Error, JsonNode.Parse(c.OriginalJson) as JsonObject ?? []);
}
