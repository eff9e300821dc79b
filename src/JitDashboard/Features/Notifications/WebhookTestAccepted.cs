using JitDashboard.Platform.Identity;
using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;

namespace JitDashboard.Features.Notifications;

public sealed record WebhookTestAccepted([property: JsonPropertyName("deliveryId")] long DeliveryId);
