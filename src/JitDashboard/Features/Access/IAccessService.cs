using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Access;

public interface IAccessService
{
    /// <summary>
    /// The one way to request access (the dialog and the API both call it): only an Operator or Admin; validated against
    /// the VM's JIT policy, persisted, audited; approved at once when an auto-approval rule matches (the worker then initiates it).
    /// </summary>
    Task<AccessCreateResult> CreateAsync(AccessRequestInput input, AccessActor actor, string? detectedAddress, CancellationToken ct = default);

    Task<IReadOnlyList<AccessRequestView>> ListAsync(AccessRequestStatus? status = null, CancellationToken ct = default);

    Task<AccessRequestView?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Approver or Admin, never on one's own request; exactly one decision wins. The worker initiates it when due.</summary>
    Task<AccessActionResult> ApproveAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    Task<AccessActionResult> DenyAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    /// <summary>The requester withdraws a pending request.</summary>
    Task<AccessActionResult> CancelAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    /// <summary>Ends a grant (or an approved scheduled window) early: the requester, an Approver or an Admin.</summary>
    Task<AccessActionResult> CloseAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    /// <summary>The VM's JIT policy entry (ports, max durations, allowed sources); null when it has none.</summary>
    Task<JitVirtualMachine?> GetPolicyEntryAsync(string machineId, CancellationToken ct = default);

    /// <summary>Raised after every change of a request by this instance (its requests and its worker).</summary>
    event Action<AccessRequestView>? Changed;
}
