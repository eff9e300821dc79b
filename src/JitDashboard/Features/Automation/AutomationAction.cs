namespace JitDashboard.Features.Automation;

/// <summary>One VM of a run: acted on, proposed, or skipped with a reason.</summary>
public sealed class AutomationAction
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";
    public AutomationActionKind Kind { get; set; }
    public AutomationActionStatus Status { get; set; }

    /// <summary>Why it was done or skipped ("Exposed on 22, 3389", "Excluded by tag jit-exempt=true", ...).</summary>
    public string? Reason { get; set; }

    public string? Error { get; set; }

    /// <summary>The JIT operation that applied it (Features/Policies).</summary>
    public Guid? OperationId { get; set; }

    /// <summary>The Approver who approved or rejected a proposal.</summary>
    public string? DecidedBy { get; set; }

    public long UpdatedAtMs { get; set; }
}
