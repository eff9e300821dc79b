using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace JitDashboard.Benchmarks;

/// <summary>The GC heap of another .NET process after a full blocking GC, by generation (bytes).</summary>
internal sealed record GcHeap(long Gen0, long Gen1, long Gen2, long LargeObjects, long PinnedObjects)
{
    public long Total => Gen0 + Gen1 + Gen2 + LargeObjects + PinnedObjects;
}

/// <summary>
/// Reads another process's GC heap over EventPipe: enabling the runtime provider's GCHeapCollect keyword makes the
/// runtime run a full blocking GC (as dotnet-gcdump does), and its GCHeapStats event says what survived.
/// </summary>
internal static class GcProbe
{
    public static async Task<GcHeap?> CollectAsync(int processId, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(processId);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var found = new TaskCompletionSource<GcHeap>(TaskCreationOptions.RunContinuationsAsynchronously);
        var induced = false;
        source.Clr.GCStart += data => induced |= data.Reason == Microsoft.Diagnostics.Tracing.Parsers.Clr.GCReason.Induced && data.Depth == 2;
        source.Clr.GCHeapStats += data =>
        {
            if (induced)
                found.TrySetResult(new GcHeap(data.GenerationSize0, data.GenerationSize1, data.GenerationSize2, data.GenerationSize3, data.GenerationSize4));
        };
        var processing = Task.Run(source.Process);
        GcHeap? heap;
        try
        {
            heap = await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            heap = null;
        }
        await session.StopAsync(CancellationToken.None);
        await processing;
        return heap;
    }
}

/// <summary>
/// The collections another .NET process runs while a stage of a benchmark goes on (an EventPipe session on the
/// runtime's GC events): how many of each generation, and how long the runtime stopped its threads for them.
/// </summary>
internal sealed class GcWatch
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly int[] _byGeneration = new int[3];
    private readonly List<double> _pauses = [];
    private readonly List<(DateTime Start, DateTime End)> _windows = [];
    private double? _suspendedAt;
    private DateTime _suspendedAtUtc;

    private GcWatch(int processId)
    {
        var client = new DiagnosticsClient(processId);
        _session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC)], requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Clr.GCStart += data =>
        {
            lock (_pauses) _byGeneration[Math.Clamp(data.Depth, 0, 2)]++;
        };
        _source.Clr.GCSuspendEEStart += data =>
        {
            lock (_pauses)
            {
                _suspendedAt = data.TimeStampRelativeMSec;
                _suspendedAtUtc = data.TimeStamp.ToUniversalTime();
            }
        };
        _source.Clr.GCRestartEEStop += data =>
        {
            lock (_pauses)
            {
                if (_suspendedAt is { } at)
                {
                    _pauses.Add(data.TimeStampRelativeMSec - at);
                    _windows.Add((_suspendedAtUtc, data.TimeStamp.ToUniversalTime()));
                }
                _suspendedAt = null;
            }
        };
        _processing = Task.Run(_source.Process);
    }

    public static GcWatch Start(int processId) => new(processId);

    /// <summary>How long the process was stopped for collections between two moments (UTC); after <see cref="StopAsync"/>.</summary>
    public double PausedMs(DateTime from, DateTime to)
    {
        lock (_pauses)
        {
            return Math.Round(_windows.Sum(w => Math.Max(0, (Min(w.End, to) - Max(w.Start, from)).TotalMilliseconds)), 1);
        }

        static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
        static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    }

    public async Task<System.Text.Json.Nodes.JsonObject> StopAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await _processing;
        _source.Dispose();
        _session.Dispose();
        lock (_pauses)
        {
            _pauses.Sort();
            return new System.Text.Json.Nodes.JsonObject
            {
                ["gen0"] = _byGeneration[0],
                ["gen1"] = _byGeneration[1],
                ["gen2"] = _byGeneration[2],
                ["pauses"] = _pauses.Count,
                ["pauseMsTotal"] = Math.Round(_pauses.Sum(), 1),
                ["pauseMsMax"] = _pauses.Count == 0 ? 0 : Math.Round(_pauses[^1], 1),
            };
        }
    }
}
