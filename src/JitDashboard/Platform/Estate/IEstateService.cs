namespace JitDashboard.Platform.Estate;

/// <summary>The estate as the UI and API read it.</summary>
public interface IEstateService
{
    /// <summary>The latest snapshot.</summary>
    EstateSnapshot Snapshot { get; }

    /// <summary>Raised with the new snapshot whenever it changes (load started, finished, failed).</summary>
    event Action<EstateSnapshot>? Changed;

    /// <summary>Reloads from ARM; concurrent callers share the refresh in flight.</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reloads from ARM with a load that starts after this call, for callers that just changed Azure: a load already
    /// in flight may have read ARM before their change, so they wait for the next one (shared by all who ask meanwhile).
    /// </summary>
    Task RefreshAfterChangeAsync(CancellationToken cancellationToken = default) => RefreshAsync(cancellationToken);
}
