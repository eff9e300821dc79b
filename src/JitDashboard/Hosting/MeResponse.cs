using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Work;
using JitDashboard.Features.Access;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Machines;
using JitDashboard.Features.Notifications;
using System.Security.Claims;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Scalar.AspNetCore;

namespace JitDashboard.Hosting;

/// <summary>The body of <c>GET /api/v1/me</c>.</summary>
public sealed record MeResponse(string Name, string UserName, IReadOnlyList<string> Roles);
