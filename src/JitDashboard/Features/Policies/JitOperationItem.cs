using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>One VM of an operation, with the policy it goes to and the ports planned for it.</summary>
public sealed class JitOperationItem
{
    public long Id { get; set; }
    public Guid OperationId { get; set; }
    public int Position { get; set; }
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";

    /// <summary>The policy's resource id (<see cref="JitPolicyId.Id"/>); empty for items skipped before planning one.</summary>
    public string PolicyId { get; set; } = "";

    /// <summary>Apply: the ports planned for the VM (kept so a resumed run does not depend on the template changing since).</summary>
    public List<JitPortRule> Ports { get; set; } = [];

    public JitOperationItemStatus Status { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
