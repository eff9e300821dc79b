using System.Net;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Machines;

public sealed record VerifiedNsg(string NetworkSecurityGroup, string AssociatedWith, IReadOnlyList<VerifiedRule> InboundRules);
