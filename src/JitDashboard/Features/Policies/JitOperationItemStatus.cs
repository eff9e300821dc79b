namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationItemStatus>))]
public enum JitOperationItemStatus
{
    Pending,
    Succeeded,
    Failed,
    Skipped,
}
