namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationStatus>))]
public enum JitOperationStatus
{
    Pending,
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,
}
