namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationKind>))]
public enum JitOperationKind
{
    Apply,
    Remove,
}
