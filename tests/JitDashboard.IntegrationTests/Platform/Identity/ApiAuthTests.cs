using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.Features.Audit;
using System.Net;
using System.Text.Json;
using JitDashboard.Platform.Audit;
using JitDashboard.Simulator.Identity;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Platform.Identity.AuthTestSupport;

namespace JitDashboard.IntegrationTests.Platform.Identity;

/// <summary>The REST API on the real app: bearer tokens from the simulator, roles, problem details.</summary>
public sealed class ApiAuthTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string ProblemJson = "application/problem+json";

    [Theory]
    [InlineData("alice", "Alice Operator", "JitDashboard.Operator")]
    [InlineData("bob", "Bob Approver", "JitDashboard.Approver")]
    [InlineData("carol", "Carol Admin", "JitDashboard.Admin")]
    [InlineData("dave", "Dave Reader", "JitDashboard.Reader")]
    public async Task Me_ForEachPerson_ReturnsNameAndRoles(string who, string name, string role)
    {
        var token = await fixture.Host.TokenAsync(Person(who));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/me", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal(Person(who), body.GetProperty("userName").GetString());
        Assert.Equal(new[] { role }, body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Api_WithoutToken_Is401Problem()
    {
        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/me", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No bearer token", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", "has expired" },
        { "unsigned", "not signed" },
        { "wrong-audience", "another audience" },
        { "wrong-issuer", "issuer" },
        { "foreign-signed", "signature" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Api_WithBadToken_Is401ProblemSayingWhy(string kind, string expected)
    {
        var identity = fixture.Host.Identity();
        var alice = SimulatorIdentity.Alice;
        const string api = SimulatorIdentity.DashboardApiAudience;
        var token = kind switch
        {
            "expired" => identity.CreateExpiredAccessToken(alice, api),
            "unsigned" => identity.CreateUnsignedAccessToken(alice, api),
            "wrong-audience" => identity.CreateAccessToken(alice, SimulatorIdentity.ArmAudience),
            "wrong-issuer" => identity.CreateAccessToken(alice, api, issuer: "https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000001/v2.0"),
            _ => identity.CreateForeignSignedAccessToken(alice, api),
        };

        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refresh_AsReader_Is403AndWritesNothing()
    {
        var audit = fixture.Host.Services.GetRequiredService<IAuditLog>();
        var before = (await audit.QueryAsync(new AuditQuery())).TotalCount;
        var token = await fixture.Host.TokenAsync(Person("dave"));

        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Post, "/api/v1/machines/refresh", token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("role", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await audit.QueryAsync(new AuditQuery())).TotalCount);
    }

    [Fact]
    public async Task Refresh_AsOperator_Is202AndAuditsOnce()
    {
        var audit = fixture.Host.Services.GetRequiredService<IAuditLog>();
        var query = new AuditQuery { Action = AuditActions.EstateRefreshed, Actor = Person("alice") };
        var before = (await audit.QueryAsync(query)).TotalCount;
        var token = await fixture.Host.TokenAsync(Person("alice"));

        var (status, _, _) = await fixture.Host.ApiAsync(HttpMethod.Post, "/api/v1/machines/refresh", token);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(before + 1, (await audit.QueryAsync(query)).TotalCount);
    }

    [Theory]
    [InlineData("GET", "/api/v1/me")]
    [InlineData("GET", "/api/v1/audit")]
    [InlineData("GET", "/api/v1/audit/verify")]
    [InlineData("POST", "/api/v1/machines/refresh")]
    public async Task Api_PersonWithNoRole_Is403(string method, string path)
    {
        var token = await fixture.Host.TokenAsync(Person("erin"));

        var (status, body, _) = await fixture.Host.ApiAsync(new HttpMethod(method), path, token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(403, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Audit_ListsEventsAndVerifies()
    {
        var token = await fixture.Host.TokenAsync(Person("carol"));
        await fixture.Host.ApiAsync(HttpMethod.Post, "/api/v1/machines/refresh", token);

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/audit?action=estate.refreshed&pageSize=5", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("total").GetInt64() >= 1);
        Assert.Equal(5, body.GetProperty("pageSize").GetInt32());
        Assert.All(body.GetProperty("items").EnumerateArray(), e => Assert.Equal("estate.refreshed", e.GetProperty("action").GetString()));

        var (verifyStatus, verify, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/audit/verify", token);
        Assert.Equal(HttpStatusCode.OK, verifyStatus);
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.GetRawText());
        Assert.True(verify.GetProperty("eventCount").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("skip=-1", "skip")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    public async Task Audit_BadQuery_Is400NamingTheField(string query, string field)
    {
        var token = await fixture.Host.TokenAsync(Person("dave"));

        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/audit?" + query, token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.GetRawText());
    }

    [Fact]
    public async Task Api_UnknownPath_Is404Problem()
    {
        var token = await fixture.Host.TokenAsync(Person("dave"));

        var (status, _, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/nothing-here", token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_DocumentAndDocs_AreServedAnonymously()
    {
        using var client = fixture.Host.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
        Assert.True(paths.TryGetProperty("/api/v1/audit", out _));
        Assert.True(paths.TryGetProperty("/api/v1/audit/verify", out _));
        Assert.True(paths.TryGetProperty("/api/v1/machines/refresh", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());

        using var docs = await client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("<html", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
