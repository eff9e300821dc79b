using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Posture;

/// <summary>The stored trend of the Overview's figures.</summary>
public interface IPostureHistory
{
    /// <summary>Stores the snapshot's figures unless a point was stored less than <c>SnapshotInterval</c> before; prunes old points.</summary>
    Task<bool> RecordAsync(EstateSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>Raised after a new point was stored (the Overview redraws its trend).</summary>
    event Action? Recorded;

    /// <summary>The points of the last <paramref name="days"/> days, oldest first.</summary>
    Task<IReadOnlyList<PostureSnapshot>> ListAsync(int days, CancellationToken cancellationToken = default);
}
