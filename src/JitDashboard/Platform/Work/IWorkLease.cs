namespace JitDashboard.Platform.Work;

/// <summary>"Only one instance does this": what <see cref="BackgroundWorker"/> needs of a lease (<see cref="DatabaseLease"/> in the app).</summary>
public interface IWorkLease
{
    /// <summary>This instance's id.</summary>
    string Holder { get; }

    /// <summary>True after the last successful <see cref="TryAcquireAsync"/>, until it expires.</summary>
    bool IsHeld { get; }

    /// <summary>Takes or renews the lease for <paramref name="duration"/>; false when another live holder has it.</summary>
    Task<bool> TryAcquireAsync(TimeSpan duration, CancellationToken ct = default);

    /// <summary>Gives the lease up (on shutdown), so another instance need not wait for it to expire.</summary>
    Task ReleaseAsync(CancellationToken ct = default);
}
