using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Testing;

namespace JitDashboard.Benchmarks;

/// <summary>
/// <c>api-load</c>: N concurrent API clients (loopback only) calling <c>GET /api/v1/machines</c> on a generated
/// estate, each bounded by a request count and a time limit: the whole list unpaged (the baseline: what clients did
/// before paging), full walks with <c>$top=1000</c> following nextLink, one page (<c>$top=100</c>), revalidations
/// with the current ETag (304), the whole list gzip-compressed; bytes on the wire per encoding.
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
        // Baseline: today's clients, one unpaged GET of the whole list, uncompressed.
        var full = await MeasureAsync(http, "api/v1/machines", clients, requests, seconds);
        // The same list walked page by page ($top=1000, following nextLink), as ARM clients do.
        var walk = await MeasureWalksAsync(http, "api/v1/machines?$top=1000", clients, Math.Max(1, requests / 10), seconds);
        var paged = await MeasureAsync(http, "api/v1/machines?$top=100", clients, requests, seconds);
        var pageBytes = (await http.GetByteArrayAsync("api/v1/machines?$top=100")).Length;

        // Revalidation: a client holding the current ETag.
        using var probe = await http.GetAsync("api/v1/machines?$top=1000");
        var etag = probe.Headers.ETag?.ToString() ?? "";
        var revalidate = await MeasureAsync(http, "api/v1/machines?$top=1000", clients, requests * 5, seconds, r => r.Headers.TryAddWithoutValidation("If-None-Match", etag), HttpStatusCode.NotModified);

        // Bytes on the wire for the whole list with each encoding (HttpClient does not decompress unless told).
        var wire = new JsonObject { ["identity"] = bytes };
        foreach (var encoding in new[] { "gzip", "br" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/machines");
            request.Headers.AcceptEncoding.ParseAdd(encoding);
            using var response = await http.SendAsync(request);
            wire[encoding] = (await response.Content.ReadAsByteArrayAsync()).Length;
        }
        var fullGzip = await MeasureAsync(http, "api/v1/machines", clients, requests, seconds, r => r.Headers.AcceptEncoding.ParseAdd("gzip"));

        var fullRate = (double)full["requestsPerSecond"]!;
        return new JsonObject
        {
            ["scenario"] = "api-load",
            ["vms"] = vms,
            ["machinesInResponse"] = count,
            ["responseBytes"] = bytes,
            ["pageBytes"] = pageBytes,
            ["wholeListBytesOnTheWire"] = wire,
            ["clients"] = clients,
            ["full"] = full,
            ["fullGzip"] = fullGzip,
            ["walkTop1000"] = walk,
            ["pagedTop100"] = paged,
            ["revalidate304"] = revalidate,
            ["ratios"] = new JsonObject
            {
                ["walkPagesPerSecondVsFull"] = Math.Round((double)walk["pagesPerSecond"]! / Math.Max(0.01, fullRate), 1),
                ["walksPerSecondVsFull"] = Math.Round((double)walk["walksPerSecond"]! / Math.Max(0.01, fullRate), 2),
                ["revalidationsPerSecondVsFull"] = Math.Round((double)revalidate["requestsPerSecond"]! / Math.Max(0.01, fullRate), 1),
                ["gzipBytesVsIdentity"] = Math.Round((double)(int)wire["gzip"]! / Math.Max(1, bytes), 3),
                ["brBytesVsIdentity"] = Math.Round((double)(int)wire["br"]! / Math.Max(1, bytes), 3),
            },
            ["appRssMbBefore"] = rssBefore / 1024 / 1024,
            ["appRssMbAfter"] = app.ResidentBytes() / 1024 / 1024,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
    }

    /// <summary>
    /// <paramref name="clients"/> concurrent clients each walking the whole list (first page, then every nextLink):
    /// full walks and pages per second, and every walk's item count.
    /// </summary>
    private static async Task<JsonObject> MeasureWalksAsync(HttpClient http, string first, int clients, int walks, int seconds)
    {
        // One walk parsed in full first: every machine, once.
        var walked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var path = first; path is not null;)
        {
            using var json = JsonDocument.Parse(await http.GetByteArrayAsync(path.TrimStart('/')));
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                if (!walked.Add(item.GetProperty("id").GetString()!))
                    throw new InvalidOperationException("A walk served a machine twice.");
            }
            path = json.RootElement.TryGetProperty("nextLink", out var next) ? next.GetString() : null;
        }
        var pages = 0;
        var done = 0;
        var remaining = walks;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Decrement(ref remaining) >= 0)
            {
                var path = first;
                try
                {
                    while (path is not null)
                    {
                        // Like the baseline's client, read the body whole; find nextLink without parsing 1 MB of items.
                        var body = await http.GetByteArrayAsync(path.TrimStart('/'), stop.Token);
                        Interlocked.Increment(ref pages);
                        path = NextLink(body);
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                Interlocked.Increment(ref done);
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        return new JsonObject
        {
            ["path"] = "/" + first,
            ["walks"] = done,
            ["pages"] = pages,
            ["itemsPerWalk"] = walked.Count,
            ["seconds"] = Math.Round(elapsed, 2),
            ["walksPerSecond"] = Math.Round(done / elapsed, 2),
            ["pagesPerSecond"] = Math.Round(pages / elapsed, 1),
        };
    }

    /// <summary><paramref name="clients"/> concurrent clients calling one path until the request count or the time limit.</summary>
    private static async Task<JsonObject> MeasureAsync(HttpClient http, string path, int clients, int requests, int seconds,
        Action<HttpRequestMessage>? configure = null, HttpStatusCode expected = HttpStatusCode.OK)
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
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    configure?.Invoke(request);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, stop.Token);
                    if (response.StatusCode != expected)
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

    // nextLink is the list's last property: look for it in the body's tail only.
    private static string? NextLink(byte[] body)
    {
        var tail = body.AsSpan(Math.Max(0, body.Length - 4096));
        var at = tail.LastIndexOf("\"nextLink\":\""u8);
        if (at < 0)
            return null;
        var rest = tail[(at + 12)..];
        var end = rest.IndexOf((byte)'"');
        // System.Text.Json escapes '$' and '&' nowhere but may escape '+', '<', '>' as \u00XX: unescape through the reader.
        var reader = new Utf8JsonReader(tail[(at + 11)..(at + 12 + end + 1)]);
        reader.Read();
        return reader.GetString();
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
