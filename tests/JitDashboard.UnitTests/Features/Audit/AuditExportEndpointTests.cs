using JitDashboard.UnitTests.Platform.Audit;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.UnitTests.Features.Audit;

public class AuditExportEndpointTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 20, 15, 30, TimeSpan.Zero));

    [Fact]
    public async Task Export_StreamsTheFilteredEventsAsAnAttachment()
    {
        var log = new ExportOnlyLog();
        var (context, body) = Request("?actor=alice&action=user.*&from=2026-11-01T00:00:00Z");

        await AuditExportEndpoint.Export(context.Request, log, _time).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.StartsWith("text/csv", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("attachment; filename=jitdashboard-audit-20261123T201530Z.csv",
            context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);

        var q = Assert.Single(log.Queries);
        Assert.Equal("alice", q.Actor);
        Assert.Equal("user.*", q.Action);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), q.From);

        var bytes = body.ToArray();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditCsvWriter.FormatRow(AuditCsvWriter.Header).TrimEnd(), lines[0]);
        Assert.StartsWith("1,2026-11-23T08:00:00.000000Z,alice@contoso.com,User,user.signed-in", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BadDates_Are400ProblemDetailsAndReadNothing()
    {
        var log = new ExportOnlyLog();
        var (context, body) = Request("?from=yesterday&to=2026-02-30T00:00:00Z");

        await AuditExportEndpoint.Export(context.Request, log, _time).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body.ToArray());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("to", out _));
        Assert.Empty(log.Queries);
    }

    [Fact]
    public void MapAuditExport_RequiresTheReadPolicy()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton<IAuditLog>(new ExportOnlyLog());
        var app = builder.Build();

        app.MapAuditExport();

        var endpoint = Assert.Single(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>());
        Assert.Equal(AuditExportEndpoint.Path, endpoint.RoutePattern.RawText);
        Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == AppPolicies.Read);
    }

    private static (DefaultHttpContext Context, MemoryStream Body) Request(string query)
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = AuditExportEndpoint.Path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = body;
        return (context, body);
    }

    /// <summary>Only export is used; the rest is never called.</summary>
    private sealed class ExportOnlyLog : IAuditLog
    {
        public List<AuditQuery> Queries { get; } = [];

        public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<AuditEventPage> QueryAsync(AuditQuery query, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) => throw new NotSupportedException();

        public async IAsyncEnumerable<AuditEvent> ExportAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
        {
            Queries.Add(query);
            await Task.Yield();
            yield return new AuditEvent
            {
                Id = 1,
                OccurredAt = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
                Actor = "alice@contoso.com",
                Action = AuditActions.UserSignedIn,
                Target = "",
                Details = "{}",
                PreviousHash = new string('0', 64),
                Hash = new string('a', 64),
            };
        }
    }
}
