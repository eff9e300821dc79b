using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

/// <summary>One run of one rule: why it ran, what it saw, what it did.</summary>
public sealed class AutomationRun
{
    public Guid Id { get; set; }
    public Guid RuleId { get; set; }
    public string RuleName { get; set; } = "";
    public AutomationTrigger Trigger { get; set; }
    public AutomationMode Mode { get; set; }
    public AutomationRunStatus Status { get; set; }

    /// <summary>Who or what started it: a person's name, or <c>automation</c>.</summary>
    public string StartedBy { get; set; } = "";

    /// <summary>Unix milliseconds (ordered and filtered in SQL on both providers).</summary>
    public long StartedAtMs { get; set; }

    public long? FinishedAtMs { get; set; }

    /// <summary>In-scope VMs looked at.</summary>
    public int Considered { get; set; }

    /// <summary>E.g. "The scope matches no VM."</summary>
    public string? Message { get; set; }

    public List<AutomationAction> Actions { get; set; } = [];

    [JsonIgnore]
    public DateTimeOffset StartedAt => DateTimeOffset.FromUnixTimeMilliseconds(StartedAtMs);
}
