using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

public sealed record AutomationTriggersInput(bool? Exposure, bool? Assessment, bool? Webhook);
