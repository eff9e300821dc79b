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

public sealed record AccessRequestCreated([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("status")] AccessRequestStatus Status);
