namespace JitDashboard.Platform.Estate.Inventory;

public enum JitStatus
{
    NotConfigured,
    Configured,
    Unsupported,

    /// <summary>The sources that decide it could not be read (see <see cref="MachineFacts.UnknownReasons"/>): never guessed.</summary>
    Unknown,
}
