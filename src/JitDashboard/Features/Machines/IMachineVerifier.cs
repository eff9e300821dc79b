using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Machines;

/// <summary>Verify with Azure (see <see cref="MachineVerifier"/>); the UI and the API call the same one.</summary>
public interface IMachineVerifier
{
    EstateMachine? Find(string subscriptionId, string resourceGroup, string name);

    /// <summary>Asks Azure, compares, audits (as <paramref name="actor"/>). Callers check the Operate policy first.</summary>
    Task<MachineVerification> VerifyAsync(EstateMachine machine, string actor, CancellationToken cancellationToken = default);
}
