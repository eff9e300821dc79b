using System.Net;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Machines;

public sealed record VerifiedRule(string Name, int Priority, string Access, string Protocol, string Source, string DestinationPorts);
