using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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
