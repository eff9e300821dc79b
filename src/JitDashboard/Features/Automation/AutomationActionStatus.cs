using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationActionStatus>))]
public enum AutomationActionStatus
{
    /// <summary>Dry run: what would have been done.</summary>
    WouldApply,
    PendingApproval,
    Rejected,
    Running,
    Succeeded,
    Failed,
    Skipped,
}
