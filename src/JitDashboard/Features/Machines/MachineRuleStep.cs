using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Machines;

public sealed record MachineRuleStep(string Level, string Nsg, string Rule, int Priority, string Access, IReadOnlyList<string> Sources, bool IsDefault, bool Decisive);
