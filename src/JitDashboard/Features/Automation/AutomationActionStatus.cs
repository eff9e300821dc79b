using System.Text.Json.Serialization;

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
