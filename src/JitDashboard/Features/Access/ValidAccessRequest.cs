using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Access;

/// <summary>The validated request, ready to persist.</summary>
public sealed record ValidAccessRequest(IReadOnlyList<int> Ports, TimeSpan Duration, string SourceAddressPrefix, string Justification, string? Ticket, DateTimeOffset? StartTime);
