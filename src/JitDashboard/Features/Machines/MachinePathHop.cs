using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Machines;

/// <summary>A hop of a path: <c>kind</c> Door, AdminRule, NsgRule or Default; <c>access</c> Allow, Deny or AlwaysAllow when it is a rule.</summary>
public sealed record MachinePathHop(string Kind, string Name, string Detail, string? Access, bool Decisive);
