namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>One store (leader) or load (standby) of the shared estate: the version, parts written or read, their compressed bytes, VMs in the snapshot, time taken.</summary>
public sealed record SharedEstateStats(long Version, int Parts, long Bytes, int Machines, TimeSpan Elapsed);
