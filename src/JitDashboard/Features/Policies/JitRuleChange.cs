namespace JitDashboard.Features.Policies;

/// <summary>
/// One custom allow rule an apply deletes or rewrites. <see cref="OriginalJson"/> is the whole rule as ARM returned it,
/// stored before any write so a restart resumes and Undo can put it back exactly.
/// </summary>
public sealed class JitRuleChange
{
    public long Id { get; set; }
    public Guid OperationId { get; set; }
    public int Position { get; set; }
    public string NsgId { get; set; } = "";
    public string NsgName { get; set; } = "";
    public string Level { get; set; } = "";
    public string RuleName { get; set; } = "";
    public RuleChangeAction Action { get; set; }
    public string OriginalJson { get; set; } = "";
    public List<string> PortsBefore { get; set; } = [];
    public List<string> PortsAfter { get; set; } = [];
    public List<int> JitPorts { get; set; } = [];

    /// <summary>The selected VMs the rule kept open: the rule is only closed once JIT is applied to all of them.</summary>
    public List<string> MachineIds { get; set; } = [];

    /// <summary>Other VMs behind the same NSG (names), which lose the same ports.</summary>
    public List<string> OtherAffectedVms { get; set; } = [];

    public JitRuleChangeStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
