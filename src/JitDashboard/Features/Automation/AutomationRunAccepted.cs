using JitDashboard.Features.Audit;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

public sealed record AutomationRunAccepted([property: JsonPropertyName("runId")] Guid RunId, [property: JsonPropertyName("status")] AutomationRunStatus Status);
