namespace JitDashboard.Simulator.Identity;

/// <summary>Why <see cref="SimulatorIdentityProvider.ValidateAccessToken"/> refused a token.</summary>
public enum SimulatorTokenFailure
{
    None,
    Malformed,
    NotSigned,
    InvalidSignature,
    InvalidIssuer,
    InvalidAudience,
    Expired,
}
