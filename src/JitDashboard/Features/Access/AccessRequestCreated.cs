using System.Text.Json.Serialization;

namespace JitDashboard.Features.Access;

public sealed record AccessRequestCreated([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("status")] AccessRequestStatus Status);
