namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// Azure events a standby received, kept until the estate leader has read what they name (<see cref="EstateInbox"/>):
/// a leader that dies first leaves them to the next one.
/// </summary>
public sealed class EstateInboxRow
{
    public long Id { get; set; }

    /// <summary>The resources the events named, one per line.</summary>
    public string ResourceIds { get; set; } = "";

    /// <summary>How many events named them.</summary>
    public int Events { get; set; }

    public long ReceivedAtMs { get; set; }
}
