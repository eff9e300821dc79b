namespace JitDashboard.Platform.Work;

/// <summary>A delivery some instance has taken on (<see cref="DeliveryClaims"/>): its key and when (Unix milliseconds).</summary>
public sealed class DeliveryClaim
{
    public string Key { get; set; } = "";
    public long ClaimedAtMs { get; set; }
}
