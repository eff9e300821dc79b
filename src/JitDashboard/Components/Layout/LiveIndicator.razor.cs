using System.Globalization;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Live;
using Microsoft.AspNetCore.Components;

namespace JitDashboard.Components.Layout;

/// <summary>
/// The "live" indicator in the app bar: the last event received from Azure, events in the last minute, the last
/// full sweep and the next. Re-rendered when the coordinator's status changes (at most once a second) and every
/// 15 seconds, so "events per minute" decays when Azure goes quiet.
/// </summary>
public sealed partial class LiveIndicator : IDisposable
{
    private static readonly TimeSpan RenderEvery = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private DateTimeOffset _lastRender = DateTimeOffset.MinValue;

    [Inject] public required EstateRefreshCoordinator Coordinator { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private LiveStatus Status => Coordinator.Status;

    /// <summary>Live: an event arrived in the last 30 minutes (Event Grid is connected).</summary>
    private bool IsLive => Status.LastEventAt is { } at && Time.GetUtcNow() - at < TimeSpan.FromMinutes(30);

    private string Label => IsLive
        ? $"Live · {Status.EventsLastMinute}/min"
        : "Sweep only";

    private string Details
    {
        get
        {
            var s = Status;
            var last = s.LastEventAt is { } e ? $"last event {Clock(e)}" : "no event from Azure yet";
            var sweep = s.LastSweepAt is { } l ? $"last full sweep {Clock(l)}" : "first full sweep running";
            var next = s.NextSweepAt is { } n ? $", next {Clock(n)}" : "";
            return $"Azure events: {last}, {s.EventsLastMinute} in the last minute. {char.ToUpperInvariant(sweep[0])}{sweep[1..]}{next}.";
        }
    }

    private static string Clock(DateTimeOffset t) => t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    protected override void OnInitialized()
    {
        Coordinator.StatusChanged += OnStatusChanged;
        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await InvokeAsync(StateHasChanged);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async void OnStatusChanged(LiveStatus status)
    {
        var now = Time.GetUtcNow();
        if (now - _lastRender < RenderEvery) return;
        _lastRender = now;
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception e)
        {
            // A background callback: the failure goes to the error boundary instead of ending the process.
            await DispatchExceptionAsync(e);
        }
    }

    public void Dispose()
    {
        Coordinator.StatusChanged -= OnStatusChanged;
        _stop.Cancel();
        _stop.Dispose();
    }
}
