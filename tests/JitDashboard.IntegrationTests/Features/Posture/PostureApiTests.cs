using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace JitDashboard.IntegrationTests.Features.Posture;

/// <summary>Validation and authorisation of <c>/api/v1/posture*</c>.</summary>
public sealed class PostureApiTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("0")]
    [InlineData("366")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("7.5")]
    public async Task History_DaysOutOfRange_Is400ProblemNamingTheField(string days)
    {
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/posture/history?days=" + Uri.EscapeDataString(days), token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1 to 365", body.GetProperty("errors").GetProperty("days")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("1", 1)]
    [InlineData("365", 365)]
    public async Task History_AsReader_ReturnsPoints(string? days, int expected)
    {
        await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/posture/history" + (days is null ? "" : "?days=" + days), token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, body.GetProperty("days").GetInt32());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("points").ValueKind);
    }

    [Fact]
    public async Task Posture_WithoutToken_Is401()
    {
        var (status, _, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/posture", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("{}", "machineIds")]
    [InlineData("{\"machineIds\":[]}", "machineIds")]
    [InlineData("{\"machineIds\":[\"/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/nope\"]}", "machineIds")]
    [InlineData("{\"machineIds\":[\"a\"],\"allExposed\":true}", "allExposed")]
    public async Task WhatIf_BadBody_Is400ProblemNamingTheField(string json, string field)
    {
        await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        using var response = await client.PostAsync(new Uri("/api/v1/posture/what-if", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), json);
    }

    [Fact]
    public async Task WhatIf_AllExposed_AsReader_GainsThePotentialGain()
    {
        await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var (_, posture, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/posture", token);

        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/posture/what-if", UriKind.Relative), new { allExposed = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(posture.GetProperty("potentialGain").GetDouble(), body.GetProperty("gain").GetDouble(), 2);
        Assert.Equal(8, body.GetProperty("managementPorts").GetProperty("after").GetProperty("current").GetDouble(), 2);
        Assert.Equal(0, body.GetProperty("managementPorts").GetProperty("after").GetProperty("unhealthy").GetInt32());
    }
}
