using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using JitDashboard.Simulator.Tests.State;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Simulator;

namespace JitDashboard.Simulator.Tests;

/// <summary>A simulator on a free loopback port and an HttpClient that trusts exactly its certificate.</summary>
internal sealed class SimFixture : IAsyncDisposable
{
    public const string SampleSub = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    public const string SampleRg = $"/subscriptions/{SampleSub}/resourceGroups/rg-sample";

    private readonly string _estateFile;

    private SimFixture(SimulatorHost host, string estateFile)
    {
        Host = host;
        _estateFile = estateFile;
        var expected = host.Certificate.RawData;
        var handler = new HttpClientHandler
        {
            // Trust exactly the certificate the simulator made at start, nothing else.
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.RawData.AsSpan().SequenceEqual(expected),
        };
        Http = new HttpClient(handler) { BaseAddress = host.BaseUri };
        Token = host.Identity.CreateAppAccessToken(JitDashboard.Simulator.Identity.SimulatorIdentity.DashboardClientId, JitDashboard.Simulator.Identity.SimulatorIdentity.ArmAudience);
    }

    public SimulatorHost Host { get; }

    public HttpClient Http { get; }

    /// <summary>The bearer token sent: by default an app (client-credentials) token for ARM from the simulator's own issuer.</summary>
    public string Token { get; set; }

    /// <summary>A user token for ARM, as that person (the upn becomes a JIT request's requestor).</summary>
    public string UserToken(JitDashboard.Simulator.Identity.SimulatorPerson person)
        => Host.Identity.CreateAccessToken(person, JitDashboard.Simulator.Identity.SimulatorIdentity.ArmAudience, scope: "user_impersonation");

    public static JsonObject SampleEstate()
        => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "sample-estate.json")))!;

    public static async Task<SimFixture> StartAsync(JsonObject? estate = null, Action<SimulatorOptions>? configure = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sim-estate-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (estate ?? SampleEstate()).ToJsonString());
        var options = new SimulatorOptions { Url = "https://127.0.0.1:0", EstateFile = file };
        configure?.Invoke(options);
        return new SimFixture(await SimulatorHost.StartAsync(options), file);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url, JsonNode? body = null, bool auth = true)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (auth)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = JsonValue.Create(text);
            }
        }
        return (response.StatusCode, json, response);
    }

    public async Task<JsonNode> GetOkAsync(string url)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} → {(int)status} {body?.ToJsonString()}");
        return body!;
    }

    public async Task<JsonNode> SendOkAsync(HttpMethod method, string url, JsonNode? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, answer, _) = await SendAsync(method, url, body);
        Assert.True(status == expected, $"{method} {url} → {(int)status} {answer?.ToJsonString()}");
        return answer!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        File.Delete(_estateFile);
    }
}

/// <summary><c>shared/arm-contract</c>, beside the repository.</summary>
internal static class SharedFiles
{
    public static string ArmContract { get; } = JitDashboard.Testing.RepoPaths.SharedFile("arm-contract");

    public static JsonObject Example(string relative) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(ArmContract, relative)))!;
}

/// <summary>Compares the shape of two JSON trees: every property of the expected exists in the actual with the same JSON kind.</summary>
internal static class JsonShape
{
    public static List<string> Differences(JsonNode? expected, JsonNode? actual, IReadOnlySet<string>? skip = null)
    {
        var errors = new List<string>();
        Compare(expected, actual, "$", errors, skip ?? new HashSet<string>());
        return errors;
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        var k => k.ToString()!,
    };

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> errors, IReadOnlySet<string> skip)
    {
        if (expected is null || skip.Contains(path))
            return;
        var kind = Kind(expected);
        if (kind == "null")
            return;
        if (Kind(actual) != kind)
        {
            errors.Add($"{path}: expected {kind}, got {Kind(actual)}");
            return;
        }
        switch (expected)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var childPath = $"{path}.{name}";
                    if (value is null || skip.Contains(childPath))
                        continue;
                    if (!((JsonObject)actual!).TryGetPropertyValue(name, out var actualValue))
                        errors.Add($"{childPath}: missing");
                    else
                        Compare(value, actualValue, childPath, errors, skip);
                }
                break;
            case JsonArray a when a.Count > 0:
                var other = (JsonArray)actual!;
                if (other.Count == 0)
                    errors.Add($"{path}: expected a non-empty array");
                else
                    Compare(a[0], other[0], path + "[0]", errors, skip);
                break;
        }
    }
}
