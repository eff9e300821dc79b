using System.Globalization;
using System.Text.Json.Serialization;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Posture;

public sealed record WhatIfPair<T>([property: JsonPropertyName("before")] T Before, [property: JsonPropertyName("after")] T After);
