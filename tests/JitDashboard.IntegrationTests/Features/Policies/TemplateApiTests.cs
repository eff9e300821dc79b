using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>Template create/update/delete over HTTP: Admin only, per-field 400s, nothing stored when invalid.</summary>
public sealed class TemplateApiTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-templates-" + Guid.NewGuid().ToString("N"));

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
    public async Task Admin_Creates_Updates_Deletes_AndInvalidInputIs400PerField_WithNothingStored()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        using var carol = await host.CreateApiClientAsync("carol@contoso.test");

        var linux = new
        {
            name = "Linux SSH only",
            description = "Only 22 on Linux",
            ports = new[] { new { number = 22, protocol = "TCP", allowedSources = new[] { "10.0.0.0/8" }, maxRequestAccessDuration = "PT1H", osType = "Linux" } },
        };
        var created = await carol.PostAsJsonAsync("api/v1/jit/templates", linux);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = Guid.Parse((string)body["id"]!);
        Assert.EndsWith($"/api/v1/jit/templates/{id}", created.Headers.Location!.ToString());
        Assert.Equal("carol@contoso.test", (string?)body["updatedBy"]);
        Assert.Equal("Linux", (string?)body["ports"]![0]!["osType"]);
        Assert.Equal(2, (await carol.GetFromJsonAsync<JsonArray>("api/v1/jit/templates"))!.Count);

        var bad = await carol.PostAsJsonAsync("api/v1/jit/templates", new
        {
            name = "Broken",
            ports = new[] { new { number = 70000, protocol = "TCP", allowedSources = new[] { "300.1.1.1/8" }, maxRequestAccessDuration = "PT4M" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["ports[0].allowedSources", "ports[0].maxRequestAccessDuration", "ports[0].number"], errors.Select(e => e.Key).Order());
        Assert.Equal(2, (await carol.GetFromJsonAsync<JsonArray>("api/v1/jit/templates"))!.Count);

        var updated = await carol.PutAsJsonAsync($"api/v1/jit/templates/{id}", linux with { name = "Linux SSH" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Linux SSH", (string?)(await updated.Content.ReadFromJsonAsync<JsonObject>())!["name"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await carol.PutAsJsonAsync($"api/v1/jit/templates/{id}", linux with { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.PutAsJsonAsync($"api/v1/jit/templates/{Guid.NewGuid()}", linux)).StatusCode);

        // The default template is refused; an unknown id is 404.
        var defaultId = JitDashboard.Features.Policies.PolicyTemplateDefaults.DefenderDefaultId;
        Assert.Equal(HttpStatusCode.Conflict, (await carol.DeleteAsync($"api/v1/jit/templates/{defaultId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await carol.DeleteAsync($"api/v1/jit/templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.DeleteAsync($"api/v1/jit/templates/{id}")).StatusCode);
        var left = await carol.GetFromJsonAsync<JsonArray>("api/v1/jit/templates");
        Assert.Equal("Defender default", (string?)Assert.Single(left!)!["name"]);
    }

    [Fact]
    public async Task Operator_IsForbidden_ToChangeTemplates()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        var input = new { name = "Nope", ports = new[] { new { number = 22 } } };
        var defaultId = JitDashboard.Features.Policies.PolicyTemplateDefaults.DefenderDefaultId;

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("api/v1/jit/templates", input)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PutAsJsonAsync($"api/v1/jit/templates/{defaultId}", input)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync($"api/v1/jit/templates/{defaultId}")).StatusCode);
        Assert.Single((await alice.GetFromJsonAsync<JsonArray>("api/v1/jit/templates"))!);
    }
}
