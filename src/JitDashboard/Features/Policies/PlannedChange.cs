namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PlannedChange>))]
public enum PlannedChange
{
    /// <summary>The VM joins the policy.</summary>
    Added,

    /// <summary>The VM is in the policy with other ports; they are replaced.</summary>
    Changed,

    /// <summary>The VM already has exactly these ports: nothing to write for it.</summary>
    Untouched,

    /// <summary>The VM leaves the policy.</summary>
    Removed,
}
