using System.Security.Claims;

namespace JitDashboard.Simulator.Identity;

/// <summary>The outcome of validating a token: a principal, or a failure with its reason.</summary>
public sealed record SimulatorTokenValidationResult(ClaimsPrincipal? Principal, SimulatorTokenFailure Failure, string? Message)
{
    public bool IsValid => Failure == SimulatorTokenFailure.None && Principal is not null;
}
