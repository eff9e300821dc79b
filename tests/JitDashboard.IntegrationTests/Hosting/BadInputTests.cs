using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Features.Policies;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// One bad request against the real app: who sends it (a demo person's first name, "anonymous", or "bad-token"),
/// what is expected back, and a word the problem body must contain (the field or reason), or null.
/// </summary>
public sealed record BadRequestCase(string Name, string Method, string Path, string? Body, string User, HttpStatusCode Expected, string? Mentions)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every existing /api/v1 endpoint with wrong types, huge bodies, unknown fields, injection strings, path traversal
/// and wrong roles: a 4xx problem body that says why, and nothing written (audit, operations, templates, ARM writes).
/// To cover a new endpoint, add rows to <see cref="Cases"/>.
/// </summary>
public sealed class BadInputTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Json = "application/json";
    private static readonly string Unknown = Guid.NewGuid().ToString();
    private static readonly string Huge = "{\"machineIds\":[\"" + new string('x', 400_000) + "\"]}";
    private const string Injection = "'; DROP TABLE audit_events; --<script>alert(1)</script>";
    private const string Traversal = "/subscriptions/../../../../etc/passwd";

    public static TheoryData<BadRequestCase> Cases() =>
    [
        // GET /me
        new("me: malformed token", "GET", "/api/v1/me", null, "bad-token", HttpStatusCode.Unauthorized, "token"),
        new("me: no token", "GET", "/api/v1/me", null, "anonymous", HttpStatusCode.Unauthorized, "bearer"),
        new("me: wrong method", "POST", "/api/v1/me", "{}", "alice", HttpStatusCode.MethodNotAllowed, null),

        // GET /machines, /machines/{s}/{rg}/{name}
        new("machines: exposed not a bool", "GET", "/api/v1/machines?exposed=maybe", null, "dave", HttpStatusCode.BadRequest, "exposed"),
        new("machines: jitStatus injection", "GET", "/api/v1/machines?jitStatus=" + Uri.EscapeDataString(Injection), null, "dave", HttpStatusCode.BadRequest, "jitStatus"),
        new("machines: top zero", "GET", "/api/v1/machines?top=0", null, "dave", HttpStatusCode.BadRequest, "top"),
        new("machines: top over the limit", "GET", "/api/v1/machines?top=100000", null, "dave", HttpStatusCode.BadRequest, "top"),
        new("machines: top injection", "GET", "/api/v1/machines?top=" + Uri.EscapeDataString(Injection), null, "dave", HttpStatusCode.BadRequest, "top"),
        new("machines: skip negative", "GET", "/api/v1/machines?top=10&skip=-1", null, "dave", HttpStatusCode.BadRequest, "skip"),
        new("machines: skip without top", "GET", "/api/v1/machines?skip=10", null, "dave", HttpStatusCode.BadRequest, "skip"),
        new("machine: traversal in name", "GET", "/api/v1/machines/sub/rg/..%2F..%2Fetc%2Fpasswd", null, "dave", HttpStatusCode.NotFound, "machine"),
        new("machine: injection in resource group", "GET", "/api/v1/machines/sub/" + Uri.EscapeDataString(Injection) + "/vm", null, "dave", HttpStatusCode.NotFound, "machine"),
        new("machines: refresh as Reader", "POST", "/api/v1/machines/refresh", null, "dave", HttpStatusCode.Forbidden, "role"),

        // GET /audit, /audit/verify
        new("audit: pageSize not a number", "GET", "/api/v1/audit?pageSize=abc", null, "carol", HttpStatusCode.BadRequest, "pageSize"),
        new("audit: negative skip", "GET", "/api/v1/audit?skip=-1", null, "carol", HttpStatusCode.BadRequest, "skip"),
        new("audit: pageSize overflow", "GET", "/api/v1/audit?pageSize=99999999999999", null, "carol", HttpStatusCode.BadRequest, "pageSize"),
        new("audit: anonymous", "GET", "/api/v1/audit", null, "anonymous", HttpStatusCode.Unauthorized, null),

        // POST /jit/apply, /jit/remove
        new("apply: not JSON", "POST", "/api/v1/jit/apply", "machineIds=1", "alice", HttpStatusCode.BadRequest, "JSON"),
        new("apply: machineIds not an array", "POST", "/api/v1/jit/apply", "{\"machineIds\":\"abc\"}", "alice", HttpStatusCode.BadRequest, "body"),
        new("apply: dryRun not a bool", "POST", "/api/v1/jit/apply", "{\"machineIds\":[],\"dryRun\":\"yes\"}", "alice", HttpStatusCode.BadRequest, "dryRun"),
        new("apply: templateId not a guid", "POST", "/api/v1/jit/apply", "{\"machineIds\":[],\"templateId\":\"nope\"}", "alice", HttpStatusCode.BadRequest, "templateId"),
        new("apply: unknown field", "POST", "/api/v1/jit/apply", "{\"machineIds\":[],\"force\":true}", "alice", HttpStatusCode.BadRequest, "force"),
        new("apply: traversal id", "POST", "/api/v1/jit/apply", JsonSerializer.Serialize(new { machineIds = new[] { Traversal } }), "alice", HttpStatusCode.BadRequest, "machineIds[0]"),
        new("apply: injection id", "POST", "/api/v1/jit/apply", JsonSerializer.Serialize(new { machineIds = new[] { Injection } }), "alice", HttpStatusCode.BadRequest, "machineIds[0]"),
        new("apply: huge body", "POST", "/api/v1/jit/apply", Huge, "alice", HttpStatusCode.RequestEntityTooLarge, "MaxApiRequestBodyBytes"),
        new("apply: as Reader", "POST", "/api/v1/jit/apply", "{\"machineIds\":[]}", "dave", HttpStatusCode.Forbidden, "role"),
        new("apply: as Approver", "POST", "/api/v1/jit/apply", "{\"machineIds\":[]}", "bob", HttpStatusCode.Forbidden, "role"),
        new("apply: anonymous", "POST", "/api/v1/jit/apply", "{\"machineIds\":[]}", "anonymous", HttpStatusCode.Unauthorized, null),
        new("remove: machineIds of numbers", "POST", "/api/v1/jit/remove", "{\"machineIds\":[1,2]}", "alice", HttpStatusCode.BadRequest, "body"),
        new("remove: as Reader", "POST", "/api/v1/jit/remove", "{\"machineIds\":[]}", "dave", HttpStatusCode.Forbidden, "role"),

        // GET /operations/{id}, POST /operations/{id}/retry
        new("operation: id not a guid", "GET", "/api/v1/operations/..%2F..%2Fetc", null, "alice", HttpStatusCode.NotFound, null),
        new("operation: unknown id", "GET", "/api/v1/operations/" + Unknown, null, "alice", HttpStatusCode.NotFound, null),
        new("operation: as Reader", "GET", "/api/v1/operations/" + Unknown, null, "dave", HttpStatusCode.Forbidden, "role"),
        new("retry: unknown id", "POST", "/api/v1/operations/" + Unknown + "/retry", null, "alice", HttpStatusCode.NotFound, null),
        new("retry: as Reader", "POST", "/api/v1/operations/" + Unknown + "/retry", null, "dave", HttpStatusCode.Forbidden, "role"),

        // GET/POST /jit/templates, PUT/DELETE /jit/templates/{id}
        new("template: create as Operator", "POST", "/api/v1/jit/templates", "{\"name\":\"x\",\"ports\":[]}", "alice", HttpStatusCode.Forbidden, "role"),
        new("template: name not a string", "POST", "/api/v1/jit/templates", "{\"name\":123,\"ports\":[]}", "carol", HttpStatusCode.BadRequest, "body"),
        new("template: unknown field", "POST", "/api/v1/jit/templates", "{\"name\":\"x\",\"ports\":[],\"owner\":\"me\"}", "carol", HttpStatusCode.BadRequest, "owner"),
        new("template: port out of range, script name", "POST", "/api/v1/jit/templates", "{\"name\":\"<script>alert(1)</script>\",\"ports\":[{\"number\":99999,\"protocol\":\"TCP\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"}]}", "carol", HttpStatusCode.BadRequest, "ports[0]"),
        new("template: huge body", "POST", "/api/v1/jit/templates", Huge, "carol", HttpStatusCode.RequestEntityTooLarge, "MaxApiRequestBodyBytes"),
        new("template: update unknown id", "PUT", "/api/v1/jit/templates/" + Unknown, "{\"name\":\"x\",\"ports\":[]}", "carol", HttpStatusCode.NotFound, null),
        new("template: update id traversal", "PUT", "/api/v1/jit/templates/..%2F..%2Fetc", "{\"name\":\"x\",\"ports\":[]}", "carol", HttpStatusCode.NotFound, null),
        new("template: delete as Reader", "DELETE", "/api/v1/jit/templates/" + Unknown, null, "dave", HttpStatusCode.Forbidden, "role"),
        new("template: delete unknown id", "DELETE", "/api/v1/jit/templates/" + Unknown, null, "carol", HttpStatusCode.NotFound, null),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_Is4xxProblem_AndChangesNothing(BadRequestCase c)
    {
        var host = fixture.Host;
        // The start-up sweep must be over, or its reads land between the two counts.
        await host.LoadedEstateAsync();
        var before = await StateAsync(host);

        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Body is not null)
            request.Content = new StringContent(c.Body, Encoding.UTF8, Json);
        if (c.User == "bad-token")
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.jwt");
        else if (c.User != "anonymous")
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(AuthTestSupport.Person(c.User)));

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == c.Expected, $"{c.Name}: expected {(int)c.Expected}, got {(int)response.StatusCode}: {text}");
        // Problem details; a few handlers return ProblemDetails through TypedResults.NotFound (plain JSON media type).
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/problem+json", "application/json" });
        using var problem = JsonDocument.Parse(text);
        Assert.Equal((int)c.Expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        if (c.Mentions is not null)
            Assert.True(text.Contains(c.Mentions, StringComparison.OrdinalIgnoreCase), $"{c.Name}: the problem does not mention '{c.Mentions}': {text}");
        // Echoed input is JSON, never a page: nosniff and the CSP keep a browser from running it.
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal(before, await StateAsync(host));
    }

    /// <summary>What a bad request must not change: audit events, operations, templates, ARM writes.</summary>
    private static async Task<(int Audit, int Operations, int Templates, int ArmWrites)> StateAsync(DashboardHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContextAsync();
        var simulator = host.EmbeddedSimulator!;
        return (await db.AuditEvents.CountAsync(), await db.JitOperations().CountAsync(), await db.PolicyTemplates().CountAsync(),
            simulator.RequestLog.Snapshot().Count(IsWrite));
    }

    // ARM reads some lists by POST (network manager's effective admin rules, per virtual network, in every sweep).
    private static bool IsWrite(JitDashboard.Simulator.Control.LoggedRequest request)
    {
        if (request.Method == "GET") return false;
        if (request.Method != "POST") return true;
        var last = request.Path.Split('?')[0].Split('/')[^1];
        return !last.StartsWith("list", StringComparison.OrdinalIgnoreCase);
    }
}
