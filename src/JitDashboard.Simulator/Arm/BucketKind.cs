namespace JitDashboard.Simulator.Arm;

/// <summary>Which token bucket a request draws on (besides ARM's read or write bucket).</summary>
public enum BucketKind { Read, Write, HighCostGet, NetworkRead, NetworkWrite }
