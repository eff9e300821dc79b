using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate.Events;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace JitDashboard.DevHost;

/// <summary>
/// In simulator mode, once the app listens, registers <c>POST /api/v1/events/azure</c> as an event subscription of
/// the simulator's Event Grid (through its control API, as a deployment would with deploy/main.bicep): Entra
/// authentication for the app's audience with the <c>Events:Role</c> app role, batches. The simulator makes the
/// validation handshake first, then delivers an event after every ARM write, so the estate follows changes live.
/// </summary>
public sealed partial class SimulatorEventsRegistration(
    IHostApplicationLifetime lifetime,
    IServer server,
    SimulatorArmEnvironment simulator,
    ArmConnection connection,
    IOptions<SimulatorSettings> settings,
    IOptions<DashboardOptions> dashboard,
    IOptions<AzureAdSettings> azureAd,
    IOptions<AzureEventsOptions> events,
    ILogger<SimulatorEventsRegistration> logger) : BackgroundService
{
    /// <summary>Done once the subscription exists (or registration gave up); tests wait on it.</summary>
    public Task<bool> Registered => _registered.Task;

    private readonly TaskCompletionSource<bool> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Events || dashboard.Value.Mode != DashboardMode.Simulator)
        {
            _registered.TrySetResult(false);
            return;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                _registered.TrySetResult(false);
                return;
            }
        }
        var endpoint = AppEndpoint();
        if (endpoint is null)
        {
            LogNoAddress(logger);
            _registered.TrySetResult(false);
            return;
        }
        // Resolved at start-up in simulator mode; without it there is no simulator to register with.
        if (!connection.IsResolved || simulator.BaseUri is null)
        {
            _registered.TrySetResult(false);
            return;
        }
        var audience = string.IsNullOrWhiteSpace(azureAd.Value.Audience) ? AzureAdSettings.DefaultAudience : azureAd.Value.Audience;
        var body = new JsonObject
        {
            ["name"] = "jitdashboard",
            ["endpoint"] = endpoint.ToString(),
            ["azureActiveDirectoryApplicationIdOrUri"] = audience,
            ["appRoles"] = new JsonArray(events.Value.Role),
            ["includedEventTypes"] = new JsonArray("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceActionSuccess"),
            ["maxEventsPerBatch"] = settings.Value.EventsMaxBatch,
            ["initialRetryDelayMilliseconds"] = 500,
        };
        for (var attempt = 1; attempt <= 5 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                using var client = simulator.CreateClient();
                using var response = await client.PostAsJsonAsync("/_simulator/eventgrid/subscriptions", body, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    LogRegistered(logger, endpoint);
                    _registered.TrySetResult(true);
                    return;
                }
                LogRegistrationFailed(logger, null, attempt, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stoppingToken)}");
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
            {
                LogRegistrationFailed(logger, ex, attempt, ex.Message);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _registered.TrySetResult(false);
    }

    /// <summary>The app's events endpoint on a loopback address the simulator can reach (http preferred).</summary>
    private Uri? AppEndpoint()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault();
        if (chosen is null) return null;
        var uri = new UriBuilder(chosen.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) uri.Host = "127.0.0.1";
        uri.Path = "/api/v1" + AzureEventsEndpoint.Path;
        return uri.Uri;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator Event Grid: delivering ARM changes to {Endpoint}")]
    private static partial void LogRegistered(ILogger logger, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator Event Grid: registration attempt {Attempt} failed: {Reason}")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception? exception, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator Event Grid: the app has no address to register; changes arrive with the full sweep only")]
    private static partial void LogNoAddress(ILogger logger);
}
