namespace JitDashboard.Platform.Work;

/// <summary>One message on the <see cref="IChangeBus"/>: what changed (<paramref name="Topic"/>), a small payload, and the sending instance.</summary>
public sealed record ChangeMessage(string Topic, string Payload, string From)
{
    /// <summary>PostgreSQL's NOTIFY payload limit is 8000 bytes; the envelope takes the rest.</summary>
    public const int MaxPayloadBytes = 7000;
}
