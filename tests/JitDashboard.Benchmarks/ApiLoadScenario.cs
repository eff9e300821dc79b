using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Testing;

namespace JitDashboard.Benchmarks;

/// <summary>
/// <c>api-load</c>: N concurrent API clients (loopback only) calling <c>GET /api/v1/machines</c> on a generated
/// estate, first the whole list and then one page (<c>?top=100</c>), each bounded by a request count and a time
/// limit: throughput and latency percentiles.
///   api-load [--vms 10000] [--subscriptions 20] [--clients 8] [--requests 400] [--seconds 60]
/// </summary>
internal static class ApiLoadScenario
{
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var vms = Arg(args, "--vms", 10_000);
        var subscriptions = Arg(args, "--subscriptions", 20);
        var clients = Math.Clamp(Arg(args, "--clients", 8), 1, 256);
        var requests = Math.Clamp(Arg(args, "--requests", 400), 1, 1_000_000);
        var seconds = Math.Clamp(Arg(args, "--seconds", 60), 1, 3600);

        // The per-user rate limit is what production wants; the benchmark measures the endpoint, so it is off.
        await using var app = await BenchmarkProcess.StartAsync($"vms={vms},subscriptions={subscriptions},seed=1",
            new Dictionary<string, string> { ["Hardening:RateLimit:PermitLimit"] = "0" });
        var token = await BenchmarkProcess.TokenAsync(app, "dave@contoso.test");
        using var http = new HttpClient { BaseAddress = app.BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Wait for the first estate load (the list answers with every VM once it is in).
        var count = 0;
        long bytes = 0;
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                var body = await http.GetByteArrayAsync("api/v1/machines");
                using var json = JsonDocument.Parse(body);
                count = json.RootElement.GetProperty("items").GetArrayLength();
                bytes = body.Length;
                return count >= vms * 9 / 10;
            }, TimeSpan.FromMinutes(3), "the first estate load", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
            // Measured with what has loaded; the result reports how many machines that is.
        }

        var rssBefore = app.ResidentBytes();
        var full = await MeasureAsync(http, "api/v1/machines", clients, requests, seconds);
        var paged = await MeasureAsync(http, "api/v1/machines?top=100", clients, requests, seconds);
        var pageBytes = (await http.GetByteArrayAsync("api/v1/machines?top=100")).Length;

        return new JsonObject
        {
            ["scenario"] = "api-load",
            ["vms"] = vms,
            ["machinesInResponse"] = count,
            ["responseBytes"] = bytes,
            ["pageBytes"] = pageBytes,
            ["clients"] = clients,
            ["full"] = full,
            ["pagedTop100"] = paged,
            ["appRssMbBefore"] = rssBefore / 1024 / 1024,
            ["appRssMbAfter"] = app.ResidentBytes() / 1024 / 1024,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
    }

    /// <summary><paramref name="clients"/> concurrent clients calling one path until the request count or the time limit.</summary>
    private static async Task<JsonObject> MeasureAsync(HttpClient http, string path, int clients, int requests, int seconds)
    {
        var latencies = new List<double>();
        var errors = 0;
        var remaining = requests;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Decrement(ref remaining) >= 0)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, stop.Token);
                    if (!response.IsSuccessStatusCode)
                        Interlocked.Increment(ref errors);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                    latencies.Add(ms);
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        latencies.Sort();
        return new JsonObject
        {
            ["path"] = "/" + path,
            ["requests"] = latencies.Count,
            ["errors"] = errors,
            ["seconds"] = Math.Round(elapsed, 2),
            ["requestsPerSecond"] = Math.Round(latencies.Count / elapsed, 1),
            ["latencyMs"] = new JsonObject
            {
                ["p50"] = Percentile(latencies, 0.50),
                ["p95"] = Percentile(latencies, 0.95),
                ["p99"] = Percentile(latencies, 0.99),
                ["max"] = latencies.Count == 0 ? 0 : Math.Round(latencies[^1], 1),
            },
        };
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
