namespace JitDashboard.Features.Machines;

/// <summary>
/// The list projection of one estate snapshot: its machines in id order, and the entity tag every answer built from
/// it carries (a snapshot is immutable and replaced whole, so a new snapshot is a new tag).
/// </summary>
internal sealed record MachineListView(MachineItem[] Items, string ETag);
