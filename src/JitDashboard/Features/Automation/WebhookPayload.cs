using System.Text.Json;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Automation;

/// <summary>What an inbound webhook body says: the Event Grid handshake code, or the resources it names.</summary>
/// <param name="ResourceIds">Resource ids named (VMs, NICs, NSGs, rules...), as sent.</param>
/// <param name="Ignored">Why parts of the body were ignored (healthy assessments, other recommendations...).</param>
public sealed record WebhookPayload(string? ValidationCode, IReadOnlyList<string> ResourceIds, IReadOnlyList<string> Ignored, string? Error);
