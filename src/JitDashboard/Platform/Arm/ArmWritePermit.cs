namespace JitDashboard.Platform.Arm;

/// <summary>One write's place in its subscription's <see cref="ArmWriteBudget"/>: a slot and a token.</summary>
public sealed class ArmWritePermit : IDisposable
{
    private readonly ArmWriteBudget _budget;
    private readonly ArmWriteBudget.Bucket _bucket;
    private bool _refund;
    private int _disposed;

    internal ArmWritePermit(ArmWriteBudget budget, ArmWriteBudget.Bucket bucket) => (_budget, _bucket) = (budget, bucket);

    /// <summary>No write was made (e.g. the policy already covered the VMs): the token goes back.</summary>
    public void Refund() => _refund = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _budget.Return(_bucket, _refund);
    }
}
