using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Automation;

/// <summary>A VM that had JIT and lost it.</summary>
public sealed record DriftFinding(EstateMachine Machine, DriftKind Kind, string Detail)
{
    /// <summary>Putting the VM back in its policy fixes it; a custom allow rule ahead of the deny rule needs a person.</summary>
    public bool Remediable => Kind != DriftKind.AllowRuleAhead;
}
