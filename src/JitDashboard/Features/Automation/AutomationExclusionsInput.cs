using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

public sealed record AutomationExclusionsInput(Dictionary<string, string>? Tags, List<string>? MachineIds);
