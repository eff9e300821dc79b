using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitDashboard.Simulator.Identity;

/// <summary>What a refresh token stands for.</summary>
internal sealed record RefreshTokenGrant(SimulatorPerson Person, string ClientId, string Scope, DateTimeOffset ExpiresAt);
