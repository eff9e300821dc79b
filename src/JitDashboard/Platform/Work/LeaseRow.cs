namespace JitDashboard.Platform.Work;

/// <summary>A named lease row: who holds it and until when (Unix milliseconds, comparable in SQL on both providers).</summary>
public sealed class LeaseRow
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public long ExpiresAtMs { get; set; }
}
