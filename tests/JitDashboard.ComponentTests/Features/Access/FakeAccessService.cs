using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Access;

namespace JitDashboard.ComponentTests.Features.Access;

/// <summary>Validates with the real validator against one fixed policy entry; records what was filed and decided.</summary>
public sealed class FakeAccessService : IAccessService
{
    public List<AccessRequestView> Requests { get; } = [];

    public List<(Guid Id, string Actor, string? Comment, bool Approve)> Decisions { get; } = [];

    public List<(AccessRequestInput Input, string? Detected)> Filed { get; } = [];

    public JitVirtualMachine? Policy { get; set; } = new()
    {
        Id = "vm",
        Ports = [new JitPortRule { Number = 22, MaxRequestAccessDuration = "PT3H", AllowedSourceAddressPrefix = "*" }, new JitPortRule { Number = 3389, MaxRequestAccessDuration = "PT1H", AllowedSourceAddressPrefix = "*" }],
    };

    public event Action<AccessRequestView>? Changed;

    public Task<AccessCreateResult> CreateAsync(AccessRequestInput input, AccessActor actor, string? detectedAddress, CancellationToken ct = default)
    {
        var (valid, errors) = AccessRequestValidator.Validate(input, Policy, detectedAddress, DateTimeOffset.UtcNow);
        if (valid is null) return Task.FromResult(new AccessCreateResult(null, errors));
        Filed.Add((input, detectedAddress));
        var view = View(Guid.NewGuid(), actor.Name, AccessRequestStatus.Pending, input.MachineId!, valid.Ports, valid.SourceAddressPrefix, valid.Justification);
        Requests.Add(view);
        Changed?.Invoke(view);
        return Task.FromResult(new AccessCreateResult(view, new Dictionary<string, string[]>()));
    }

    public static AccessRequestView View(Guid id, string by, AccessRequestStatus status, string machineId, IReadOnlyList<int> ports, string source, string justification, DateTimeOffset? endsAt = null) =>
        new(id, status, machineId, machineId.Split('/')[^1], ports, "PT1H", source, justification, null, null, by, DateTimeOffset.UtcNow, null, null, null, false,
            endsAt is null ? null : DateTimeOffset.UtcNow, endsAt, null, null, null);

    public Task<IReadOnlyList<AccessRequestView>> ListAsync(AccessRequestStatus? status = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AccessRequestView>>(Requests.Where(r => status is null || r.Status == status).ToList());

    public Task<AccessRequestView?> GetAsync(Guid id, CancellationToken ct = default) => Task.FromResult(Requests.FirstOrDefault(r => r.Id == id));

    public Task<AccessActionResult> ApproveAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default) => Decide(id, actor, comment, true);

    public Task<AccessActionResult> DenyAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default) => Decide(id, actor, comment, false);

    private Task<AccessActionResult> Decide(Guid id, AccessActor actor, string? comment, bool approve)
    {
        Decisions.Add((id, actor.Name, comment, approve));
        var i = Requests.FindIndex(r => r.Id == id);
        Requests[i] = Requests[i] with { Status = approve ? AccessRequestStatus.Approved : AccessRequestStatus.Denied, DecidedBy = actor.Name };
        return Task.FromResult(new AccessActionResult(AccessActionOutcome.Done, Requests[i]));
    }

    public Task<AccessActionResult> CancelAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default) =>
        Task.FromResult(new AccessActionResult(AccessActionOutcome.Done, null));

    public Task<AccessActionResult> CloseAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default) =>
        Task.FromResult(new AccessActionResult(AccessActionOutcome.Done, null));

    public Task<JitVirtualMachine?> GetPolicyEntryAsync(string machineId, CancellationToken ct = default) => Task.FromResult(Policy);
}
