using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using JitDashboard.Platform.Telemetry;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Per try (after the retry policy): a client span and the ARM metrics. It reads the method, path and status only;
/// headers (Authorization) never reach a tag or a log.
/// </summary>
public sealed class ArmTelemetryPolicy : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private static async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var method = message.Request.Method.Method;
        var family = DashboardTelemetry.Family(message.Request.Uri.Path);
        using var activity = DashboardTelemetry.Source.StartActivity("ARM " + method + " " + family, ActivityKind.Client);
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("jitdashboard.arm.family", family);
        activity?.SetTag("server.address", message.Request.Uri.Host);
        var started = Stopwatch.GetTimestamp();
        string status = "error";
        try
        {
            if (async)
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            else
                ProcessNext(message, pipeline);
            status = message.Response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            activity?.SetTag("http.response.status_code", message.Response.Status);
            if (message.Response.Status >= 400)
                activity?.SetStatus(ActivityStatusCode.Error);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            var tags = new TagList { { "method", method }, { "status", status }, { "family", family } };
            DashboardTelemetry.Requests.Add(1, tags);
            DashboardTelemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            if (status == "429")
                DashboardTelemetry.Throttled.Add(1, new TagList { { "method", method }, { "family", family } });
        }
    }
}
