namespace JitDashboard.Features.Access;

/// <summary>Admin rule: requests matching it are approved without a person (audited as auto-approvals).</summary>
public sealed class AutoApprovalRule
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The requester must hold this app role (e.g. <c>JitDashboard.Operator</c>); null for any.</summary>
    public string? RequesterRole { get; set; }

    /// <summary>The VM's resource group (case-insensitive); null for any.</summary>
    public string? ResourceGroup { get; set; }

    /// <summary>A VM tag <c>name=value</c> (value <c>*</c> for any value); null for any.</summary>
    public string? Tag { get; set; }

    /// <summary>Requests up to this long match.</summary>
    public TimeSpan MaxDuration { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
