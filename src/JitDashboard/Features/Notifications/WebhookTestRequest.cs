using JitDashboard.Platform.Identity;
using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;

namespace JitDashboard.Features.Notifications;

/// <summary>Body of <c>POST /api/v1/notifications/test</c>. Unknown fields are refused rather than ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WebhookTestRequest([property: JsonPropertyName("webhook")] string? Webhook);
