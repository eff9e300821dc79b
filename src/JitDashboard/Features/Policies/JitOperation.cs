using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

/// <summary>A bulk apply or remove. Persisted with its items before any ARM call, so a restart resumes it.</summary>
public sealed class JitOperation
{
    public Guid Id { get; set; }
    public JitOperationKind Kind { get; set; }
    public Guid? TemplateId { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JitOperationStatus Status { get; set; }

    /// <summary>The operation this one retries the failed items of, if any.</summary>
    public Guid? RetryOf { get; set; }

    public List<JitOperationItem> Items { get; set; } = [];

    /// <summary>Custom allow rules this apply closes after JIT is in place (opt-in), each with the rule as it was.</summary>
    public List<JitRuleChange> RuleChanges { get; set; } = [];
}
