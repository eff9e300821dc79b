using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record WhatIfPair<T>([property: JsonPropertyName("before")] T Before, [property: JsonPropertyName("after")] T After);
