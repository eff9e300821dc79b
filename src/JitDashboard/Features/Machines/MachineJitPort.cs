using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Machines;

public sealed record MachineJitPort(int Number, string Protocol, string? AllowedSourceAddressPrefix, IReadOnlyList<string>? AllowedSourceAddressPrefixes, string MaxRequestAccessDuration);
