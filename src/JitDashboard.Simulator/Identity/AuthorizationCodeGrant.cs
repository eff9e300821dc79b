using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitDashboard.Simulator.Identity;

/// <summary>What an authorization code stands for until it is redeemed (once).</summary>
internal sealed record AuthorizationCodeGrant(
    SimulatorPerson Person,
    string ClientId,
    string RedirectUri,
    string? Nonce,
    string Scope,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt);
