using JitDashboard.Platform.Identity;
using System.Globalization;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace JitDashboard.Features.Notifications;

/// <summary>Admin view of the webhooks (never their URLs) and the outbox, with "Send test" per webhook.</summary>
public sealed partial class NotificationsPage
{
    public const int Shown = 100;

    private IReadOnlyList<WebhookDeliveryView>? _deliveries;
    private string? _message;
    private bool _messageIsError;
    private bool _sending;

    [Inject] public required INotificationDeliveries Deliveries { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync() => _deliveries = await Deliveries.ListAsync(Shown);

    private async Task ReloadAsync() => _deliveries = await Deliveries.ListAsync(Shown);

    private async Task SendTestAsync(string webhook)
    {
        _sending = true;
        try
        {
            var actor = AuthenticationState is null ? "unknown" : Actor.From((await AuthenticationState).User);
            var result = await Deliveries.SendTestAsync(webhook, actor);
            _messageIsError = result.DeliveryId is null;
            _message = result.DeliveryId is { } id ? $"Test queued for '{webhook}' (delivery {id}). Refresh to see its status." : result.Error;
            await ReloadAsync();
        }
        finally
        {
            _sending = false;
        }
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string? StatusClass(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Failed => "jd-deny",
        WebhookDeliveryStatus.Delivered => "jd-allow",
        _ => null,
    };
}
