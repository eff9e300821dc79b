using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JitDashboard.Platform.Telemetry;

/// <summary>The app's own instruments: one meter and one activity source, both named <see cref="Name"/>.</summary>
public static class DashboardTelemetry
{
    public const string Name = "JitDashboard";
    public const string ArmRequests = "jitdashboard.arm.requests";
    public const string ArmDuration = "jitdashboard.arm.duration";
    public const string ArmThrottled = "jitdashboard.arm.throttled";
    public const string ActiveCircuits = "jitdashboard.circuits.active";
    public const string PendingJitItems = "jitdashboard.jit.pending_items";
    public const string EstateSubscriptions = "jitdashboard.estate.subscriptions";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>(ArmRequests, "{request}", "ARM requests (each try), by method, status and API family.");
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(ArmDuration, "s", "ARM request duration (each try).");
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>(ArmThrottled, "{request}", "ARM answers 429 (throttled).");

    private static long _circuits;
    public static readonly UpDownCounter<long> Circuits = Meter.CreateUpDownCounter<long>(ActiveCircuits, "{circuit}", "Blazor Server circuits open now.");

    /// <summary>Circuits open in this process now.</summary>
    public static long OpenCircuits => Interlocked.Read(ref _circuits);

    internal static void CircuitOpened()
    {
        Interlocked.Increment(ref _circuits);
        Circuits.Add(1);
    }

    internal static void CircuitClosed()
    {
        Interlocked.Decrement(ref _circuits);
        Circuits.Add(-1);
    }

    /// <summary>
    /// The API family of an ARM path: the resource provider (<c>Microsoft.Security</c>), else the first segment
    /// (<c>subscriptions</c>). Low cardinality on purpose: ids never become tag values.
    /// </summary>
    public static string Family(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (segments[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
                return segments[i + 1];
        }

        return segments.Length == 0 ? "root" : segments[0].ToLowerInvariant() is "subscriptions" or "tenants" ? segments[0].ToLowerInvariant() : "other";
    }
}
