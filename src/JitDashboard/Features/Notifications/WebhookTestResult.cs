using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Notifications;

/// <summary>The result of "Send test": the queued delivery, or why nothing was queued.</summary>
public sealed record WebhookTestResult(long? DeliveryId, string? Error);
