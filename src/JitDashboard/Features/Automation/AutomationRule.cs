using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

/// <summary>An automation rule (Admin edits). The API's shape is this class, camelCased.</summary>
public sealed class AutomationRule
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; }
    public AutomationScope Scope { get; set; } = new();
    public AutomationExclusions Exclusions { get; set; } = new();

    /// <summary>The JIT policy template; null: the default template.</summary>
    public Guid? TemplateId { get; set; }

    public AutomationMode Mode { get; set; }
    public AutomationTriggers Triggers { get; set; } = new();
    public int MaxActionsPerRun { get; set; } = AutomationRuleValidator.DefaultMaxActionsPerRun;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
