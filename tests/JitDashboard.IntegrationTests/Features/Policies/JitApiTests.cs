using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>The JIT API's shapes and status codes over HTTP (auth stubbed by a header until Identity lands).</summary>
public sealed class JitApiTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-api-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    [Fact]
    public async Task Apply_DryRun_Accepted_ThenOperationStatus_AndBadInputIs400PerItem()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        var snapshot = await host.LoadedEstateAsync();
        var ids = snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured).Take(3).Select(m => m.Id).ToList();
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");

        var preview = await alice.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = ids, dryRun = true });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var plan = await preview.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotEmpty(plan!["policies"]!.AsArray());
        Assert.Equal("Added", (string?)plan["policies"]![0]!["vms"]![0]!["change"]);

        var accepted = await alice.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = ids });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operationId = (string?)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["operationId"];
        var done = await host.WaitAsync(Guid.Parse(operationId!));

        var status = await alice.GetFromJsonAsync<JsonObject>($"api/v1/operations/{done.Id}");
        Assert.Equal("Succeeded", (string?)status!["status"]);
        Assert.Equal(3, (int)status["total"]!);
        Assert.Equal(3, (int)status["succeeded"]!);
        Assert.Equal(0, (int)status["failed"]!);
        Assert.Equal(0, (int)status["skipped"]!);
        Assert.Equal(ids, status["results"]!.AsArray().Select(r => (string?)r!["machineId"]));
        Assert.All(status["results"]!.AsArray(), r => Assert.Equal("Succeeded", (string?)r!["status"]));

        var bad = await alice.PostAsJsonAsync("api/v1/jit/remove", new { machineIds = new[] { ids[0], ids[0], "nope" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["machineIds[1]", "machineIds[2]"], errors.Select(e => e.Key).Order());

        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"api/v1/operations/{Guid.NewGuid()}")).StatusCode);

        using var dave = await host.CreateApiClientAsync("dave@contoso.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = ids })).StatusCode);
        var templates = await dave.GetFromJsonAsync<JsonArray>("api/v1/jit/templates");
        Assert.Equal("Defender default", (string?)Assert.Single(templates!)!["name"]);
    }
}
