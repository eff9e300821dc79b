namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitRuleChangeStatus>))]
public enum JitRuleChangeStatus
{
    Pending,
    Succeeded,
    Failed,
    Skipped,
    Restored,
}
