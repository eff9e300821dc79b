using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

/// <summary>The body of <c>POST /api/v1/posture/what-if</c>: VM ids, or every exposed VM.</summary>
public sealed record WhatIfRequest(
    [property: JsonPropertyName("machineIds")] IReadOnlyList<string>? MachineIds,
    [property: JsonPropertyName("allExposed")] bool? AllExposed);
