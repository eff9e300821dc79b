using JitDashboard.Features.Audit;
using System.Security.Claims;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

/// <summary>Body of approve/deny/cancel/close.</summary>
public sealed record AccessDecisionBody([property: JsonPropertyName("comment")] string? Comment);
