using JitDashboard.Testing.Fakes;
using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Features.Notifications;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Notifications;
using JitDashboard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Automation;


/// <summary>The real app with fast automation ticks, a recording notifier, and helpers for the automation API.</summary>
public sealed class AutomationHost : IAsyncDisposable
{
    private AutomationHost(DashboardHost host, RecordingNotifier notifier)
    {
        Host = host;
        Notifier = notifier;
    }

    public DashboardHost Host { get; }

    public RecordingNotifier Notifier { get; }

    public IServiceProvider Services => Host.Services;

    public static Dictionary<string, string?> FastSettings(string dataDirectory) => new()
    {
        ["Database:DataDirectory"] = dataDirectory,
        ["Policies:PollInterval"] = "00:00:00.200",
        ["Automation:CheckInterval"] = "00:00:01",
        ["Automation:LeaseRenewInterval"] = "00:00:00.500",
        ["Automation:LeaseDuration"] = "00:00:05",
    };

    public static async Task<AutomationHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = FastSettings(dataDirectory);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var notifier = new RecordingNotifier();
        var host = await DashboardHost.StartAsync(all, "Production", services => services.AddSingleton<INotifier>(notifier));
        return new AutomationHost(host, notifier);
    }

    public async Task<HttpClient> ApiAsync(string user)
    {
        var token = await Host.TokenAsync(AuthTestSupport.Person(user));
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client for the simulator's ARM API with carol's token (as a person in the portal).</summary>
    public async Task<HttpClient> ArmAsync()
    {
        var client = Host.SimulatorClient();
        using var issued = await client.PostAsJsonAsync("/_simulator/identity/token",
            new { user = AuthTestSupport.Person("carol"), audience = JitDashboard.Simulator.Identity.SimulatorIdentity.ArmAudience });
        issued.EnsureSuccessStatusCode();
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public EstateSnapshot Snapshot => Services.GetRequiredService<IEstateService>().Snapshot;

    public Task<EstateSnapshot> LoadedEstateAsync() => Host.LoadedEstateAsync();

    public async Task<Guid> CreateRuleAsync(HttpClient admin, object rule)
    {
        var response = await admin.PostAsJsonAsync("api/v1/automation/rules", rule);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return Guid.Parse((string)JsonNode.Parse(body)!["id"]!);
    }

    public async Task<List<AutomationRun>> RunsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContextAsync();
        return await db.AutomationRuns().AsNoTracking().Include(r => r.Actions).ToListAsync();
    }

    public async Task<JitBaseline?> BaselineAsync(string machineId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContextAsync();
        var key = machineId.ToLowerInvariant();
        return await db.JitBaselines().AsNoTracking().FirstOrDefaultAsync(b => b.MachineId == key);
    }

    /// <summary>Polls until the probe holds; a generous limit only so a broken build fails instead of hanging.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, int seconds = 120)
        where T : class
        => (await Eventually.WaitAsync(probe, value => value is not null, TimeSpan.FromSeconds(seconds), what, TimeSpan.FromMilliseconds(200)))!;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
