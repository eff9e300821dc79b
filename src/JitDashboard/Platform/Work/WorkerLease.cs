namespace JitDashboard.Platform.Work;

/// <summary>
/// How a worker holds its lease: taken for <paramref name="Duration"/> and renewed every <paramref name="RenewEvery"/>
/// (shorter, so a live holder never lets it lapse). While another instance holds it, the worker stands by and tries
/// again every <paramref name="RenewEvery"/>.
/// </summary>
public sealed record WorkerLease(IWorkLease Lease, TimeSpan Duration, TimeSpan RenewEvery);
