using System.Diagnostics;
using JitDashboard.Platform.Arm;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>
/// ARM answers <c>GET /subscriptions</c> (no permission needed, one try, short timeout), cached briefly so that
/// frequent probes from several load balancers do not become ARM traffic. Any HTTP answer below 500 other than
/// 401/403 counts as reachable; 401/403 mean the identity is broken, which makes the app unready too.
/// </summary>
internal sealed class ArmHealthCheck(ArmRestClient arm, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, long At)? _cached;

    public void Dispose() => _gate.Dispose();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && time.GetElapsedTime(cached.At) < settings.ArmCacheDuration)
                return cached.Result;
            var result = await ProbeAsync(settings.ArmTimeout, cancellationToken);
            _cached = (result, time.GetTimestamp());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            var status = await arm.ProbeAsync("/subscriptions", "2022-12-01", cts.Token);
            return status switch
            {
                401 or 403 => HealthCheckResult.Unhealthy($"ARM refused the app's identity ({status})."),
                >= 500 => HealthCheckResult.Unhealthy($"ARM answered {status}."),
                _ => HealthCheckResult.Healthy($"ARM answered {status} in {watch.ElapsedMilliseconds} ms."),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"ARM did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("ARM is unreachable: " + e.GetType().Name + ".");
        }
    }
}
