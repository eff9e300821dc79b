using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Features.Audit;
using System.Net;
using JitDashboard.Platform.Audit;
using JitDashboard.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Platform.Identity.AuthTestSupport;

namespace JitDashboard.IntegrationTests.Platform.Audit;

public sealed class AuditTamperTests
{
    [Fact]
    public async Task Verify_AfterARowIsAltered_ReportsThatEvent()
    {
        await using var host = await DashboardHost.StartAsync();
        var token = await host.TokenAsync(Person("alice"));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await host.ApiAsync(HttpMethod.Post, "/api/v1/machines/refresh", token)).Status);
        var (_, valid, _) = await host.ApiAsync(HttpMethod.Get, "/api/v1/audit/verify", token);
        Assert.True(valid.GetProperty("valid").GetBoolean(), valid.GetRawText());

        var victim = (await host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = AuditActions.EstateRefreshed })).Events[1].Id;
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "jitdashboard.db")}"))
        {
            await db.OpenAsync();
            await using (var drop = db.CreateCommand())
            {
                // The ledger's own guard: an attacker with file access removes it first.
                drop.CommandText = "DROP TRIGGER IF EXISTS audit_events_no_update;";
                await drop.ExecuteNonQueryAsync();
            }
            await using var command = db.CreateCommand();
            command.CommandText = "UPDATE audit_events SET actor = 'mallory@contoso.test' WHERE id = $id;";
            command.Parameters.AddWithValue("$id", victim);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var (status, verify, _) = await host.ApiAsync(HttpMethod.Get, "/api/v1/audit/verify", token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(victim, verify.GetProperty("firstBrokenEventId").GetInt64());
        Assert.False(string.IsNullOrWhiteSpace(verify.GetProperty("message").GetString()));
    }
}
