using JitDashboard.Platform.Estate;
using System.Globalization;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Machines;

public sealed partial class SubscriptionsPage : IDisposable
{
    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private EstateSnapshot Snapshot { get; set; } = EstateSnapshot.Initial;

    // Worst first: what needs attention is at the top.
    private IEnumerable<SubscriptionItem> Items => SubscriptionsApi.List(Snapshot).Items
        .OrderByDescending(i => i.Health).ThenBy(i => i.DisplayName, StringComparer.OrdinalIgnoreCase);

    private string Summary
    {
        get
        {
            var total = Snapshot.Subscriptions.Count;
            var degraded = Snapshot.DegradedSubscriptionCount;
            return degraded == 0 ? $"{total} {(total == 1 ? "subscription" : "subscriptions")}, all complete" : $"{degraded} of {total} incomplete";
        }
    }

    protected override void OnInitialized()
    {
        Snapshot = Estate.Snapshot;
        Estate.Changed += OnEstateChanged;
    }

    private async void OnEstateChanged(EstateSnapshot snapshot)
    {
        try
        {
            await InvokeAsync(() =>
            {
                Snapshot = snapshot;
                StateHasChanged();
            });
        }
        catch (Exception ex)
        {
            // Reaches the page's error boundary instead of being lost on a background thread.
            await DispatchExceptionAsync(ex);
        }
    }

    private static Color HealthColor(SubscriptionHealth health) => health switch
    {
        SubscriptionHealth.Healthy => Color.Success,
        SubscriptionHealth.Degraded => Color.Warning,
        _ => Color.Error,
    };

    private static string Label(string source) =>
        Enum.TryParse<InventorySource>(source, out var s) ? SourceStatus.Label(s) : source;

    private static string StateText(SourceStatus source) => source.State switch
    {
        SourceState.Ok => "OK",
        SourceState.NotRegistered => source.Source == InventorySource.ClassicVirtualMachines ? "None (provider not registered)" : $"Not registered ({source.Failure?.Namespace})",
        SourceState.Stale => $"Stale ({source.Failure?.Code})",
        _ => $"Failed ({source.Failure?.Code})",
    };

    private string Age(DateTimeOffset? at)
    {
        if (at is not { } time) return "never";
        var age = Time.GetUtcNow() - time;
        var text = age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : $"{(int)age.TotalHours} h ago";
        return $"{text} ({time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";
    }

    public void Dispose() => Estate.Changed -= OnEstateChanged;
}
