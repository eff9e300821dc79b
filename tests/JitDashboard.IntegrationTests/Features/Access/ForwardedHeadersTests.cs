using JitDashboard.IntegrationTests.Features.Policies;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Features.Access;

/// <summary>The requester's address comes from the connection; X-Forwarded-For only counts from a configured proxy.</summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "access-xff-" + Guid.NewGuid().ToString("N"));

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

    private static async Task<string> FiledSourceAsync(PoliciesHost host)
    {
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/access-requests")
        {
            Content = JsonContent.Create(SshRequest(vm, source: null)),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.99");
        using var created = await alice.SendAsync(request);
        created.EnsureSuccessStatusCode();
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        return (string)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!["sourceAddressPrefix"]!;
    }

    [Fact]
    public async Task XForwardedFor_FromUntrustedPeer_IsIgnored_TheConnectionAddressIsUsed()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        Assert.Equal("127.0.0.1", await FiledSourceAsync(host));
    }

    [Fact]
    public async Task XForwardedFor_FromTrustedProxy_GivesTheBrowsersAddress()
    {
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?>(FastWorker) { ["Hosting:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        Assert.Equal("203.0.113.99", await FiledSourceAsync(host));
    }
}
