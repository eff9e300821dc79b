using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Machines;

/// <summary>Each <c>Healthy</c>, <c>Unhealthy</c>, <c>NotApplicable</c> or <c>Unknown</c>.</summary>
public sealed record MachineRecommendations(string Jit, string ManagementPortsClosed);
