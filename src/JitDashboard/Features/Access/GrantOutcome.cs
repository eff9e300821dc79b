using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Policies;

namespace JitDashboard.Features.Access;

public sealed record GrantOutcome(DateTimeOffset StartedAt, DateTimeOffset EndsAt, bool Confirmed);
