using System.Security.Cryptography.X509Certificates;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Where ARM is and which certificate to trust for it. Resolved once at start-up (a hosted stand-in for Azure picks
/// its port then), before the first ARM call.
/// </summary>
public sealed class ArmConnection
{
    private volatile ResolvedArmConnection? _resolved;

    /// <summary>True once start-up has resolved the endpoint.</summary>
    public bool IsResolved => _resolved is not null;

    /// <summary>The resolved endpoint; throws when asked before start-up finished.</summary>
    public ResolvedArmConnection Current => _resolved
        ?? throw new InvalidOperationException("The ARM endpoint is not known yet: start-up has not resolved it (is the host running?).");

    internal void Resolve(ResolvedArmConnection resolved) => _resolved = resolved;
}
