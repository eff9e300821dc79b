using JitDashboard.Platform.Audit;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Audit;

public sealed record AuditVerifyResponse(bool Valid, long EventCount, long? FirstBrokenEventId, string? Failure, string Message);
