using JitDashboard.Platform.Audit;
using System.Globalization;
using System.Text;
using JitDashboard.Platform.Identity;

namespace JitDashboard.Features.Audit;

/// <summary>The CSV download behind the Audit page's "Export CSV" button.</summary>
public static class AuditExportEndpoint
{
    public const string Path = "/audit/export.csv";

    /// <summary>Maps <c>GET /audit/export.csv?from=&amp;to=&amp;actor=&amp;action=&amp;target=</c> for any reader.</summary>
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Path, (HttpContext context, IAuditLog log) => Export(context.Request, log, context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System))
            .RequireAuthorization(AppPolicies.Read)
            .WithName("AuditExportCsv");
        return endpoints;
    }

    /// <summary>400 with every problem for bad filters; otherwise the matching events streamed as CSV, newest first.</summary>
    internal static IResult Export(HttpRequest request, IAuditLog log, TimeProvider time)
    {
        if (!AuditFilter.TryParse(request.Query, out var filter, out var errors))
            return TypedResults.ValidationProblem(errors, title: "The audit export filters are not valid.");

        var fileName = $"jitdashboard-audit-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.csv";
        return TypedResults.Stream(
            async stream =>
            {
                // Streams row by row: the ledger is read in batches, nothing is buffered whole. BOM so Excel reads UTF-8.
                await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
                await AuditCsvWriter.WriteAsync(log.ExportAsync(filter.ToQuery(), request.HttpContext.RequestAborted), writer, request.HttpContext.RequestAborted);
            },
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: fileName);
    }
}
