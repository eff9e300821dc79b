using System.Globalization;
using System.Text.Json.Serialization;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Posture;

/// <summary>The body of <c>POST /api/v1/posture/what-if</c>: VM ids, or every exposed VM.</summary>
public sealed record WhatIfRequest(
    [property: JsonPropertyName("machineIds")] IReadOnlyList<string>? MachineIds,
    [property: JsonPropertyName("allExposed")] bool? AllExposed);
