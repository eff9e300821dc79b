namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// One stored piece of the shared estate: the header (<see cref="SharedEstateCodec.HeaderKey"/>: version, load state,
/// subscriptions, each part's version) or one subscription's part (its machines, status, control and score), compressed
/// JSON. A change rewrites only the parts whose subscription changed.
/// </summary>
public sealed class SharedEstateRow
{
    public string Key { get; set; } = "";

    /// <summary>The estate version that last wrote this row.</summary>
    public long Version { get; set; }

    public byte[] Data { get; set; } = [];

    public long UpdatedAtMs { get; set; }
}
