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
