using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using JitDashboard.Simulator.Tests.State;
using System.Net;
using System.Text.Json.Nodes;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.Arm;

public sealed class ArmBehaviourTests
{
    private const string Compute = "api-version=2024-03-01";

    /// <summary>An estate of <paramref name="count"/> bare VMs in one subscription.</summary>
    private static JsonObject ManyVms(int count)
    {
        var resources = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            resources.Add(new JsonObject
            {
                ["id"] = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-{i:D3}",
                ["type"] = "Microsoft.Compute/virtualMachines",
                ["location"] = "westeurope",
                ["properties"] = new JsonObject(),
            });
        }
        return new JsonObject
        {
            ["subscriptions"] = new JsonArray(new JsonObject { ["subscriptionId"] = SampleSub, ["displayName"] = "Sample" }),
            ["resources"] = resources,
        };
    }

    [Fact]
    public async Task Start_ServesHttpsWithTheCertificateItReports()
    {
        await using var sim = await StartAsync();
        Assert.Equal("https", sim.Host.BaseUri.Scheme);
        Assert.NotEqual(0, sim.Host.BaseUri.Port);
        Assert.False(sim.Host.Certificate.HasPrivateKey);
        var body = await sim.GetOkAsync("/subscriptions?api-version=2022-12-01");
        Assert.Equal(SampleSub, (string?)body["value"]![0]!["subscriptionId"]);
        Assert.Equal("Enabled", (string?)body["value"]![0]!["state"]);
    }

    [Fact]
    public async Task Start_NonLoopbackUrl_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => JitDashboard.Simulator.SimulatorHost.StartAsync(new() { Url = "https://0.0.0.0:0" }));
        Assert.Contains("loopback", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task List_LongerThanPageSize_PagesThroughEveryItemOnce()
    {
        await using var sim = await StartAsync(ManyVms(25), o => o.PageSize = 10);
        var seen = new List<string>();
        string? next = $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}";
        var pages = 0;
        while (next is not null)
        {
            var page = await sim.GetOkAsync(next);
            seen.AddRange(page["value"]!.AsArray().Select(v => (string)v!["name"]!));
            next = (string?)page["nextLink"];
            if (next is not null)
            {
                Assert.StartsWith(sim.Host.BaseUri.GetLeftPart(UriPartial.Authority), next, StringComparison.Ordinal);
                Assert.Contains("$skiptoken=", next, StringComparison.Ordinal);
                Assert.Contains("api-version=2024-03-01", next, StringComparison.Ordinal);
            }
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
    }

    [Fact]
    public async Task Request_WithoutToken_Is401()
    {
        await using var sim = await StartAsync();
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}", auth: false);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AuthenticationFailed", (string?)body!["error"]!["code"]);
        Assert.Equal("Authentication failed. The 'Authorization' header is missing.", (string?)body["error"]!["message"]);
        Assert.True(response.Headers.Contains("x-ms-request-id"));
    }

    public static TheoryData<string> BadTokens => new() { "expired", "unsigned", "wrong-audience", "foreign-signed", "garbage" };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Request_WithInvalidToken_Is401InvalidAuthenticationToken(string kind)
    {
        await using var sim = await StartAsync();
        var id = sim.Host.Identity;
        var alice = JitDashboard.Simulator.Identity.SimulatorIdentity.Alice;
        const string arm = JitDashboard.Simulator.Identity.SimulatorIdentity.ArmAudience;
        sim.Token = kind switch
        {
            "expired" => id.CreateExpiredAccessToken(alice, arm),
            "unsigned" => id.CreateUnsignedAccessToken(alice, arm),
            "wrong-audience" => id.CreateAccessToken(alice, "api://jitdashboard"),
            "foreign-signed" => id.CreateForeignSignedAccessToken(alice, arm),
            _ => "not-a-jwt",
        };
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAuthenticationToken", (string?)body!["error"]!["code"]);
        Assert.StartsWith("The access token is invalid.", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithTokenForTheSimulatorsOwnAddress_IsAccepted()
    {
        await using var sim = await StartAsync();
        sim.Token = sim.Host.Identity.CreateAppAccessToken("some-client", sim.Host.BaseUri.ToString().TrimEnd('/'));
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}");
        Assert.True(status == HttpStatusCode.OK, body?.ToJsonString());
    }

    [Fact]
    public async Task ControlApi_NeedsNoToken()
    {
        await using var sim = await StartAsync();
        var (status, _, _) = await sim.SendAsync(HttpMethod.Get, "/_simulator/clock", auth: false);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Get_MissingThings_AreArm404s()
    {
        await using var sim = await StartAsync();
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/x?{Compute}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ResourceNotFound", (string?)body!["error"]!["code"]);
        Assert.Equal("The Resource 'Microsoft.Compute/virtualMachines/x' under resource group 'rg-sample' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", (string?)body["error"]!["message"]);

        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/resourceGroups/nope/providers/Microsoft.Compute/virtualMachines?{Compute}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ResourceGroupNotFound", (string?)body!["error"]!["code"]);

        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{Guid.Empty}/providers/Microsoft.Compute/virtualMachines?{Compute}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("SubscriptionNotFound", (string?)body!["error"]!["code"]);
    }

    [Fact]
    public async Task ApiVersion_InvalidOrMissing_Is400()
    {
        await using var sim = await StartAsync();
        // Compute's type answers an unknown version as a resource provider does (ApiVersionTests has the exact bodies).
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?api-version=2015-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("NoRegisteredProviderFound", (string?)body!["error"]!["code"]);
        Assert.StartsWith("No registered resource provider found for location 'westeurope' and API version '2015-01-01' for type 'virtualMachines'. The supported api-versions are '", (string?)body["error"]!["message"], StringComparison.Ordinal);

        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MissingApiVersionParameter", (string?)body!["error"]!["code"]);

        // Network versions are not compute versions.
        (status, _, _) = await sim.SendAsync(HttpMethod.Get, $"/subscriptions/{SampleSub}/providers/Microsoft.Network/networkInterfaces?api-version=2024-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Routes_AreCaseInsensitive_AndAnswersCarryArmHeaders()
    {
        await using var sim = await StartAsync();
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"/SUBSCRIPTIONS/{SampleSub}/ResourceGroups/RG-SAMPLE/providers/microsoft.compute/VIRTUALMACHINES/vm-web-ssh-open?{Compute}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("vm-web-ssh-open", (string?)body!["name"]);
        Assert.Null(body["properties"]!["instanceView"]);
        Assert.True(response.Headers.Contains("x-ms-request-id"));
        Assert.True(response.Headers.Contains("x-ms-correlation-request-id"));
        Assert.True(response.Headers.Contains("x-ms-ratelimit-remaining-subscription-reads"));
        Assert.NotNull(response.Headers.Date);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Vm_InstanceView_OnlyWhenAsked()
    {
        await using var sim = await StartAsync();
        var vm = await sim.GetOkAsync($"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open?{Compute}&$expand=instanceView");
        Assert.Contains(vm["properties"]!["instanceView"]!["statuses"]!.AsArray(), s => (string?)s!["code"] == "PowerState/running");
        var list = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}&statusOnly=true");
        Assert.All(list["value"]!.AsArray(), v => Assert.NotNull(v!["properties"]!["instanceView"]));
        var plain = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}");
        Assert.All(plain["value"]!.AsArray(), v => Assert.Null(v!["properties"]!["instanceView"]));
    }

    [Fact]
    public async Task Vm_PowerStateTag_ShowsInTheInstanceView()
    {
        var estate = SampleEstate();
        var vm = estate["resources"]!.AsArray().Single(r => (string?)r!["name"] == "vm-office-rdp")!;
        vm["tags"]!["powerState"] = "deallocated";
        await using var sim = await StartAsync(estate);
        var view = await sim.GetOkAsync($"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-office-rdp/instanceView?{Compute}");
        Assert.Contains(view["statuses"]!.AsArray(), s => (string?)s!["code"] == "PowerState/deallocated");
        var list = await sim.GetOkAsync($"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}&statusOnly=true");
        var listed = list["value"]!.AsArray().Single(v => (string?)v!["name"] == "vm-office-rdp")!;
        Assert.Contains(listed["properties"]!["instanceView"]!["statuses"]!.AsArray(), s => (string?)s!["code"] == "PowerState/deallocated");
    }

    [Fact]
    public async Task Throttling_DrainedBucket_Is429WithRetryAfter_ThenRecovers()
    {
        await using var sim = await StartAsync(configure: o => { o.ReadBucketCapacity = 3; o.ReadRefillPerSecond = 0.5; });
        var url = $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}";
        for (var i = 0; i < 3; i++)
            await sim.GetOkAsync(url);
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, url);
        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal("SubscriptionRequestsThrottled", (string?)body!["error"]!["code"]);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1));

        await sim.SendOkAsync(HttpMethod.Post, $"{sim.Host.BaseUri}_simulator/clock/advance", new JsonObject { ["minutes"] = 1 });
        await sim.GetOkAsync(url);
    }

    [Fact]
    public async Task Faults_CountOne500_ThenSuccess()
    {
        await using var sim = await StartAsync();
        await sim.SendOkAsync(HttpMethod.Post, "/_simulator/faults", new JsonObject { ["pathContains"] = "virtualMachines", ["status"] = 500, ["count"] = 1 }, HttpStatusCode.Created);
        var url = $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}";
        var (status, body, _) = await sim.SendAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.NotNull(body!["error"]!["code"]);
        await sim.GetOkAsync(url);

        // 404 is a fault status now (ARM's own 404 shapes); a status ARM never answers with is still refused.
        var (bad, _, _) = await sim.SendAsync(HttpMethod.Post, "/_simulator/faults", new JsonObject { ["status"] = 418 });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }

    [Fact]
    public async Task Faults_ThrottleWithRetryAfter_AndDelayOnly_ThenNormalAnswers()
    {
        await using var sim = await StartAsync();
        var url = $"/subscriptions/{SampleSub}/providers/Microsoft.Compute/virtualMachines?{Compute}";
        await sim.SendOkAsync(HttpMethod.Post, "/_simulator/faults", new JsonObject { ["method"] = "GET", ["status"] = 429, ["retryAfterSeconds"] = 7, ["count"] = 2 }, HttpStatusCode.Created);
        for (var i = 0; i < 2; i++)
        {
            var (status, body, response) = await sim.SendAsync(HttpMethod.Get, url);
            Assert.Equal((HttpStatusCode)429, status);
            Assert.Equal("SubscriptionRequestsThrottled", (string?)body!["error"]!["code"]);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        }
        await sim.GetOkAsync(url);

        await sim.SendOkAsync(HttpMethod.Post, "/_simulator/faults", new JsonObject { ["pathContains"] = "/subscriptions", ["delayMilliseconds"] = 400 }, HttpStatusCode.Created);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await sim.GetOkAsync(url);
        Assert.True(watch.ElapsedMilliseconds >= 380, $"{watch.ElapsedMilliseconds} ms");
        await sim.SendOkAsync(HttpMethod.Delete, "/_simulator/faults", null);
        watch.Restart();
        await sim.GetOkAsync(url);
        Assert.True(watch.ElapsedMilliseconds < 380, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Put_BadJson_IsInvalidRequestContent()
    {
        await using var sim = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-new?api-version=2024-05-01")
        {
            Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", sim.Token);
        using var response = await sim.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidRequestContent", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task SecurityRules_PutValidatesAndDeletes()
    {
        await using var sim = await StartAsync();
        var nsg = $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-web-ssh-open-nic";
        JsonObject Rule(int priority) => new()
        {
            ["properties"] = new JsonObject
            {
                ["protocol"] = "Tcp", ["sourceAddressPrefix"] = "10.0.0.0/8", ["sourcePortRange"] = "*",
                ["destinationAddressPrefix"] = "*", ["destinationPortRange"] = "443", ["access"] = "Allow",
                ["priority"] = priority, ["direction"] = "Inbound",
            },
        };
        var created = await sim.SendOkAsync(HttpMethod.Put, $"{nsg}/securityRules/https?api-version=2024-05-01", Rule(310), HttpStatusCode.Created);
        Assert.Equal("Microsoft.Network/networkSecurityGroups/securityRules", (string?)created["type"]);
        Assert.NotNull(created["properties"]!["destinationPortRanges"]);
        await sim.SendOkAsync(HttpMethod.Put, $"{nsg}/securityRules/https?api-version=2024-05-01", Rule(311));

        var (status, body, _) = await sim.SendAsync(HttpMethod.Put, $"{nsg}/securityRules/clash?api-version=2024-05-01", Rule(300));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SecurityRuleConflict", (string?)body!["error"]!["code"]);
        (status, _, _) = await sim.SendAsync(HttpMethod.Put, $"{nsg}/securityRules/low?api-version=2024-05-01", Rule(50));
        Assert.Equal(HttpStatusCode.BadRequest, status);

        Assert.Equal(HttpStatusCode.OK, (await sim.SendAsync(HttpMethod.Delete, $"{nsg}/securityRules/https?api-version=2024-05-01")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await sim.SendAsync(HttpMethod.Delete, $"{nsg}/securityRules/https?api-version=2024-05-01")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await sim.SendAsync(HttpMethod.Get, $"{nsg}/securityRules/https?api-version=2024-05-01")).Status);
        var defaults = await sim.GetOkAsync($"{nsg}/defaultSecurityRules?api-version=2024-05-01");
        Assert.Equal(6, defaults["value"]!.AsArray().Count);
    }

    [Fact]
    public async Task Nsg_Put_CreatesWithDefaultRulesAndFullRuleFields()
    {
        await using var sim = await StartAsync();
        var url = $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-new?api-version=2024-05-01";
        var body = new JsonObject
        {
            ["location"] = "westeurope",
            ["properties"] = new JsonObject
            {
                ["securityRules"] = new JsonArray(new JsonObject
                {
                    ["name"] = "rdp",
                    ["properties"] = new JsonObject { ["protocol"] = "Tcp", ["destinationPortRange"] = "3389", ["access"] = "Allow", ["priority"] = 200, ["direction"] = "Inbound" },
                }),
            },
        };
        var created = await sim.SendOkAsync(HttpMethod.Put, url, body, HttpStatusCode.Created);
        Assert.Equal("Succeeded", (string?)created["properties"]!["provisioningState"]);
        Assert.Equal(6, created["properties"]!["defaultSecurityRules"]!.AsArray().Count);
        var rule = created["properties"]!["securityRules"]![0]!;
        Assert.EndsWith("/securityRules/rdp", (string?)rule["id"], StringComparison.Ordinal);
        Assert.NotNull(rule["etag"]);
        Assert.Equal("*", (string?)rule["properties"]!["sourceAddressPrefix"]);
        Assert.NotNull(rule["properties"]!["sourceAddressPrefixes"]);
        await sim.SendOkAsync(HttpMethod.Put, url, body, HttpStatusCode.OK);
    }
}
