using JitDashboard.Platform.Audit;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Audit;

public sealed record AuditListResponse(IReadOnlyList<AuditEventDto> Items, long Total, int Skip, int PageSize);
