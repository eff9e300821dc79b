using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.Sdk;
using JitDashboard.Simulator.Tests.State;
using System.Net;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Arm;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.Arm;

/// <summary>
/// Api-versions and ARM's answers to paths the simulator does not serve: every published version of a family is
/// accepted, and unknown versions, types and namespaces get ARM's own error bodies with ARM's headers.
/// </summary>
public sealed class ApiVersionTests
{
    private const string Sub = $"/subscriptions/{SampleSub}";
    private const string Nsg = $"{SampleRg}/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-jit-protected-nic";

    /// <summary>One route per family; each is asked with every version of its family.</summary>
    private static readonly (ApiFamily Family, string Path)[] RoutePerFamily =
    [
        (ApiFamily.Subscriptions, "/subscriptions"),
        (ApiFamily.Resources, $"{Sub}/providers/Microsoft.Network"),
        (ApiFamily.Compute, $"{Sub}/providers/Microsoft.Compute/virtualMachines"),
        (ApiFamily.ClassicCompute, $"{Sub}/providers/Microsoft.ClassicCompute/virtualMachines"),
        (ApiFamily.Network, $"{Nsg}/securityRules"),
        (ApiFamily.Jit, $"{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies"),
        (ApiFamily.Assessments, $"{Sub}/providers/Microsoft.Security/assessments"),
        (ApiFamily.SecureScore, $"{Sub}/providers/Microsoft.Security/secureScores"),
        (ApiFamily.Pricings, $"{Sub}/providers/Microsoft.Security/pricings"),
    ];

    /// <summary>
    /// The sample estate with Microsoft.ClassicCompute registered: it holds no classic VMs, so the provider is
    /// unregistered by default (409 MissingSubscriptionRegistration, PartialStatesTests), which is not what these test.
    /// </summary>
    private static Task<SimFixture> StartRegisteredAsync()
    {
        var estate = SampleEstate();
        estate["subscriptions"]![0]!["unregisteredNamespaces"] = new JsonArray();
        return StartAsync(estate);
    }

    [Fact]
    public async Task EveryPublishedVersionOfEachFamily_IsAccepted()
    {
        await using var sim = await StartRegisteredAsync();
        foreach (var (family, path) in RoutePerFamily)
        {
            foreach (var version in ApiVersionTable.For(family))
                await sim.GetOkAsync($"{path}?api-version={version}");
        }
    }

    [Theory]
    [InlineData("/subscriptions?api-version=2022-12-01")]
    [InlineData($"{Sub}/providers/Microsoft.Compute/virtualMachines?api-version=2026-03-01")]
    [InlineData($"{Sub}/providers/Microsoft.Compute/virtualMachines?api-version=2025-04-01")]
    [InlineData($"{Sub}/providers/Microsoft.Network/networkInterfaces?api-version=2025-05-01")]
    [InlineData($"{Sub}/providers/Microsoft.Network/loadBalancers?api-version=2025-07-01")]
    [InlineData($"{Sub}/providers/Microsoft.Security/jitNetworkAccessPolicies?api-version=2020-01-01")]
    [InlineData($"{Sub}/providers/Microsoft.Security/assessments?api-version=2025-05-04")]
    [InlineData($"{Sub}/providers/Microsoft.Security/secureScores?api-version=2020-01-01-preview")]
    [InlineData($"{Sub}/providers/Microsoft.ClassicCompute/virtualMachines?api-version=2017-04-01")]
    public async Task NewerVersions_AreAccepted(string url)
    {
        await using var sim = await StartRegisteredAsync();
        await sim.GetOkAsync(url);
    }

    [Fact]
    public void Pricings_HasItsVersionsReady()
        => Assert.Equal(["2017-08-01-preview", "2018-06-01", "2022-03-01", "2023-01-01", "2024-01-01"], ApiVersionTable.For(ApiFamily.Pricings));

    [Fact]
    public async Task UnknownVersion_OnAProvidersType_IsNoRegisteredProviderFound()
    {
        await using var sim = await StartAsync();
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"{Sub}/providers/Microsoft.Network/networkInterfaces?api-version=2099-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var expected = "No registered resource provider found for location 'westeurope' and API version '2099-01-01' for type 'networkInterfaces'. " +
                       $"The supported api-versions are '{string.Join(", ", ApiVersionTable.For(ApiFamily.Network))}'. " +
                       "The supported locations are 'westeurope, northeurope, eastus, centralus'.";
        AssertArmError(body, response, "NoRegisteredProviderFound", expected);
        Assert.Contains("'2015-05-01-preview, 2015-06-15, 2016-03-30, ", expected, StringComparison.Ordinal);
        Assert.Contains(", 2025-03-01, 2025-05-01, ", expected, StringComparison.Ordinal);

        // A nested type and a location in the path: both named as ARM names them.
        (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"{SampleRg}/providers/Microsoft.Security/locations/northeurope/jitNetworkAccessPolicies?api-version=2019-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertArmError(body, response, "NoRegisteredProviderFound",
            "No registered resource provider found for location 'northeurope' and API version '2019-01-01' for type 'locations/jitNetworkAccessPolicies'. " +
            "The supported api-versions are '2015-06-01-preview, 2020-01-01'. The supported locations are 'westeurope, northeurope, eastus, centralus'.");
        (status, body, _) = await sim.SendAsync(HttpMethod.Get, $"{Nsg}/securityRules?api-version=2024-03-01-preview");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("for type 'networkSecurityGroups/securityRules'", (string?)body!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVersion_OnArmsOwnRoutes_IsInvalidApiVersionParameter()
    {
        await using var sim = await StartAsync();
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, "/subscriptions?api-version=2099-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertArmError(body, response, "InvalidApiVersionParameter",
            "The api-version '2099-01-01' is invalid. The supported versions are '2022-12-01,2021-01-01,2020-01-01,2019-11-01,2019-06-01,2018-06-01,2016-06-01,2015-11-01'.");
    }

    [Theory]
    [InlineData($"{Sub}/providers/Microsoft.Compute/virtualMachines")]
    [InlineData($"{Sub}/providers/Microsoft.Foo/bars")]
    [InlineData($"{Sub}/no/such/path")]
    public async Task MissingVersion_IsMissingApiVersionParameter_WhateverThePath(string path)
    {
        await using var sim = await StartAsync();
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertArmError(body, response, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    }

    [Theory]
    [InlineData($"{Sub}/providers/Microsoft.Security/securityContacts", "Microsoft.Security", "2020-01-01-preview")]
    [InlineData($"{SampleRg}/providers/Microsoft.Network/natGateways", "Microsoft.Network", "2025-05-01")]
    [InlineData($"{SampleRg}/providers/microsoft.compute/disks/d1", "Microsoft.Compute", "2024-03-01")]
    public async Task UnknownType_IsInvalidResourceType(string path, string ns, string version)
    {
        await using var sim = await StartAsync();
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"{path}?api-version={version}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertArmError(body, response, "InvalidResourceType", $"The resource type could not be found in the namespace '{ns}' for api version '{version}'.");
    }

    [Theory]
    [InlineData($"{Sub}/providers/Microsoft.Foo/bars")]
    [InlineData($"{SampleRg}/providers/Microsoft.Web/sites/app1")]
    [InlineData($"{Sub}/providers/Microsoft.Foo")]
    public async Task UnknownNamespace_IsInvalidResourceNamespace(string path)
    {
        await using var sim = await StartAsync();
        // 2021-04-01 is a version of ARM's provider route too, so the namespace is what fails.
        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"{path}?api-version=2021-04-01");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var ns = path.Split('/')[path.Split('/').ToList().FindLastIndex(s => s == "providers") + 1];
        AssertArmError(body, response, "InvalidResourceNamespace", $"The resource namespace '{ns}' is invalid.");
    }

    [Fact]
    public async Task UnservedActionOnAServedType_AndPathsOutsideProviders_GetArmsFrontEnd404()
    {
        await using var sim = await StartAsync();
        var url = $"{SampleRg}/providers/Microsoft.Compute/virtualMachines/vm-web-ssh-open/start?api-version=2024-03-01";
        var (status, body, response) = await sim.SendAsync(HttpMethod.Post, url);
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertArmError(body, response, "NotFound", $"No HTTP resource was found that matches the request URI '{sim.Host.BaseUri.ToString().TrimEnd('/')}{url.Split('?')[0]}'.");

        (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"{Sub}/no/such/path?api-version=2024-01-01");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NotFound", (string?)body!["error"]!["code"]);
        AssertArmHeaders(response);
    }

    [Fact]
    public async Task ProviderListing_ShowsTheServedTypesWithAllTheirVersions()
    {
        await using var sim = await StartAsync();
        var body = await sim.GetOkAsync($"{Sub}/providers/microsoft.network?api-version=2021-04-01");
        Assert.Equal("Microsoft.Network", (string?)body["namespace"]);
        var types = ((JsonArray)body["resourceTypes"]!).ToDictionary(t => (string)t!["resourceType"]!, t => ((JsonArray)t!["apiVersions"]!).Select(v => (string)v!).ToList());
        Assert.Contains("loadBalancers", types.Keys);
        Assert.Contains("applicationSecurityGroups", types.Keys);
        Assert.Contains("networkSecurityGroups/securityRules", types.Keys);
        Assert.Equal(ApiVersionTable.For(ApiFamily.Network).Reverse(), types["networkInterfaces"]);
    }

    [Fact]
    public async Task LoadBalancersAndAsgs_AreListedAndReadAsTheEstateGivesThem()
    {
        var estate = SampleEstate();
        var lbId = $"{SampleRg}/providers/Microsoft.Network/loadBalancers/lb-web";
        ((JsonArray)estate["resources"]!).Add(new JsonObject
        {
            ["id"] = lbId,
            ["type"] = "Microsoft.Network/loadBalancers",
            ["location"] = "westeurope",
            ["sku"] = new JsonObject { ["name"] = "Standard" },
            ["properties"] = new JsonObject { ["frontendIPConfigurations"] = new JsonArray(new JsonObject { ["name"] = "fe" }) },
        });
        ((JsonArray)estate["resources"]!).Add(new JsonObject
        {
            ["id"] = $"{SampleRg}/providers/Microsoft.Network/applicationSecurityGroups/asg-web",
            ["type"] = "Microsoft.Network/applicationSecurityGroups",
            ["location"] = "westeurope",
        });
        await using var sim = await StartAsync(estate);
        const string Api = "api-version=2025-05-01";

        var all = await sim.GetOkAsync($"{Sub}/providers/Microsoft.Network/loadBalancers?{Api}");
        Assert.Equal(lbId, (string?)Assert.Single((JsonArray)all["value"]!)!["id"]);
        var inGroup = await sim.GetOkAsync($"{SampleRg}/providers/Microsoft.Network/loadBalancers?{Api}");
        Assert.Single((JsonArray)inGroup["value"]!);
        var lb = await sim.GetOkAsync($"{lbId}?{Api}");
        Assert.Equal("lb-web", (string?)lb["name"]);
        Assert.Equal("Standard", (string?)lb["sku"]!["name"]);
        Assert.Equal("fe", (string?)lb["properties"]!["frontendIPConfigurations"]![0]!["name"]);

        var (status, body, response) = await sim.SendAsync(HttpMethod.Get, $"{SampleRg}/providers/Microsoft.Network/loadBalancers/lb-none?{Api}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertArmError(body, response, "ResourceNotFound",
            "The Resource 'Microsoft.Network/loadBalancers/lb-none' under resource group 'rg-sample' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

        var asgs = await sim.GetOkAsync($"{Sub}/providers/Microsoft.Network/applicationSecurityGroups?{Api}");
        Assert.Equal("asg-web", (string?)Assert.Single((JsonArray)asgs["value"]!)!["name"]);
    }

    private static void AssertArmError(JsonNode? body, HttpResponseMessage response, string code, string message)
    {
        Assert.Equal(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), body?.ToJsonString());
        AssertArmHeaders(response);
    }

    private static void AssertArmHeaders(HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        foreach (var header in new[] { "x-ms-request-id", "x-ms-correlation-request-id", "x-ms-routing-request-id" })
            Assert.True(response.Headers.Contains(header), $"missing {header}");
        Assert.NotNull(response.Headers.Date);
    }
}
