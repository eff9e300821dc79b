using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;

namespace JitDashboard.ComponentTests.Fakes;

/// <summary>Answers Verify with Azure with a set result and records who asked.</summary>
public sealed class FakeMachineVerifier : IMachineVerifier
{
    public MachineVerification? Answer { get; set; }

    public List<(string MachineId, string Actor)> Calls { get; } = [];

    public EstateMachine? Find(string subscriptionId, string resourceGroup, string name) => null;

    public Task<MachineVerification> VerifyAsync(EstateMachine machine, string actor, CancellationToken cancellationToken = default)
    {
        Calls.Add((machine.Id, actor));
        return Task.FromResult(Answer ?? new MachineVerification(machine.Id, DateTimeOffset.UnixEpoch, MachineVerifier.ProbeAddress, null, "No Network Watcher.", [], []));
    }
}
