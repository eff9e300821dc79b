using System.Text.Json.Nodes;
using JitDashboard.Platform.Audit;

namespace JitDashboard.Features.Audit;

public sealed record AuditEventDto(long Id, DateTimeOffset OccurredAt, string Actor, string ActorKind, string Action, string Target, string Outcome, JsonNode? Details, string Hash)
{
    public static AuditEventDto From(AuditEvent e) => new(e.Id, e.OccurredAt, e.Actor, e.ActorKind.ToString(), e.Action, e.Target, e.Outcome.ToString(),
        string.IsNullOrEmpty(e.Details) ? null : JsonNode.Parse(e.Details), e.Hash);
}
