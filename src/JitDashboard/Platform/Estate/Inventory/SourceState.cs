namespace JitDashboard.Platform.Estate.Inventory;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SourceState>))]
public enum SourceState
{
    /// <summary>Read now.</summary>
    Ok,

    /// <summary>Not registered: the namespace holds no resources, so the empty list is the truth.</summary>
    NotRegistered,

    /// <summary>This read failed (transiently); the last good list is used, marked with its age.</summary>
    Stale,

    /// <summary>Could not be read and there is no last good list: what depends on it is Unknown.</summary>
    Failed,
}
