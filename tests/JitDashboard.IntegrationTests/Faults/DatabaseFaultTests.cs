using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.IntegrationTests.Platform.Persistence;
using System.Net;
using System.Text.Json;
using JitDashboard.Testing;
using Microsoft.Data.Sqlite;

namespace JitDashboard.IntegrationTests.Faults;

/// <summary>
/// The database locked (SQLite: writes) or stopped (PostgreSQL) for a while: the API says so with a 503 problem and
/// Retry-After, /health/ready turns 503 when the database cannot be read, nothing is half-written, and the app recovers without a restart.
/// </summary>
public sealed class DatabaseFaultTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string TemplateBody = "{\"name\":\"fault-test\",\"ports\":[{\"number\":22,\"protocol\":\"TCP\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT1H\"}]}";

    [Fact]
    public async Task SqliteLockedByAnotherWriter_Gives503Problems_ThenRecovers()
    {
        var data = Path.Combine(Path.GetTempPath(), "jitdashboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var file = Path.Combine(data, "jitdashboard.db");
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = data,
            // A short busy timeout, so "locked for a while" is longer than the app waits.
            ["Database:ConnectionString"] = $"Data Source={file};Default Timeout=2",
        });
        var carol = await host.TokenAsync(AuthTestSupport.Person("carol"));
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/jit/templates", carol)).Status);

        // Another process's writer holds an exclusive lock: nobody else may read or write.
        await using (var other = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            var (status, body, response) = await PostTemplateAsync(host, carol);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Database unavailable", body.GetProperty("title").GetString());
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());

            // WAL journal: readers are not blocked by a writer, so reads (and readiness) carry on.
            Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/jit/templates", carol)).Status);
            using var client = host.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        // Released: the same request succeeds, once, in the same process.
        Assert.Equal(HttpStatusCode.Created, (await PostTemplateAsync(host, carol)).Status);
        var (_, list, _) = await host.ApiAsync(HttpMethod.Get, "/api/v1/jit/templates", carol);
        Assert.Single(list.EnumerateArray(), t => t.GetProperty("name").GetString() == "fault-test");
        using var healthy = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await healthy.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task PostgresStoppedForAWhile_Gives503Problems_ThenRecoversWithoutRestart()
    {
        var connectionString = await postgres.CreateDatabaseAsync("fault");
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["Database:ConnectionString"] = connectionString + ";Timeout=3;Command Timeout=5",
        });
        var carol = await host.TokenAsync(AuthTestSupport.Person("carol"));
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/audit", carol)).Status);

        await postgres.StopServerAsync();
        try
        {
            var (status, body, _) = await host.ApiAsync(HttpMethod.Get, "/api/v1/audit", carol);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("busy or unreachable", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostTemplateAsync(host, carol)).Status);

            using var client = host.CreateClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        // Back: pooled connections to the old server are dropped as they fail; a few requests at most.
        var recovered = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 5 && recovered != HttpStatusCode.OK; attempt++)
            recovered = (await host.ApiAsync(HttpMethod.Get, "/api/v1/audit", carol)).Status;
        Assert.Equal(HttpStatusCode.OK, recovered);
        Assert.Equal(HttpStatusCode.Created, (await PostTemplateAsync(host, carol)).Status);
        var (_, verify, _) = await host.ApiAsync(HttpMethod.Get, "/api/v1/audit/verify", carol);
        Assert.True(verify.GetProperty("valid").GetBoolean(), "The audit chain must be intact after the outage.");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostTemplateAsync(DashboardHost host, string token)
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await client.PostAsync("/api/v1/jit/templates", new StringContent(TemplateBody, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }
}
