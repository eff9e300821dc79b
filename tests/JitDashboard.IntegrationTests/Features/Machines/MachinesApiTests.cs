using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Estate;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using System.Text.Json;

namespace JitDashboard.IntegrationTests.Features.Machines;

/// <summary><c>/api/v1/machines</c> on the real app, with tokens from the simulator's identity provider.</summary>
public sealed class MachinesApiTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task List_AsReader_ReturnsEveryMachineWithTheSameFactsAsTheEstate()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines", token);

        Assert.Equal(HttpStatusCode.OK, status);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(snapshot.Machines.Count, items.Count);
        Assert.True(body.TryGetProperty("refreshedAt", out _));
        foreach (var machine in snapshot.Machines)
        {
            var item = items.Single(i => i.GetProperty("id").GetString() == machine.Id);
            Assert.Equal(machine.Facts.Exposed, item.GetProperty("exposed").GetBoolean());
            Assert.Equal(machine.Facts.JitStatus.ToString(), item.GetProperty("jitStatus").GetString());
            Assert.Equal(machine.Facts.JitRecommendation.ToString(), item.GetProperty("recommendations").GetProperty("jit").GetString());
            var ports = item.GetProperty("ports").EnumerateArray().ToList();
            Assert.Equal([22, 3389, 5985, 5986], ports.Select(p => p.GetProperty("port").GetInt32()));
            Assert.All(ports, p => Assert.Contains(p.GetProperty("exposure").GetString(), new[] { "Open", "Restricted", "Closed" }));
        }
    }

    [Theory]
    [InlineData("?exposed=true")]
    [InlineData("?jitStatus=Unsupported")]
    [InlineData("?jitStatus=notconfigured&exposed=false")]
    public async Task List_Filters_NarrowTheItems(string query)
    {
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines" + query, token);

        Assert.Equal(HttpStatusCode.OK, status);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        if (query.Contains("exposed=true", StringComparison.Ordinal)) Assert.All(items, i => Assert.True(i.GetProperty("exposed").GetBoolean()));
        if (query.Contains("exposed=false", StringComparison.Ordinal)) Assert.All(items, i => Assert.False(i.GetProperty("exposed").GetBoolean()));
        if (query.Contains("Unsupported", StringComparison.Ordinal))
            Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("unsupportedReason").GetString())));
    }

    [Fact]
    public async Task List_BadJitStatus_Is400ProblemNamingTheValues()
    {
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines?jitStatus=%3Cscript%3E", token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NotConfigured", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&exposed=true")]
    [InlineData("&jitStatus=NotConfigured")]
    public async Task List_Paged_WalksEveryItemOnceInOrder_FollowingNextLink(string filter)
    {
        await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));
        var (_, full, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines?" + filter.TrimStart('&'), token);
        var expected = full.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.False(full.TryGetProperty("nextLink", out _), "no nextLink without top");
        Assert.True(expected.Count > 3, "the demo estate has more machines than one page");

        var seen = new List<string?>();
        var path = "/api/v1/machines?top=3" + filter;
        var pages = 0;
        while (path is not null)
        {
            var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.OK, status);
            var items = body.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 3);
            seen.AddRange(items.Select(i => i.GetProperty("id").GetString()));
            path = body.TryGetProperty("nextLink", out var next) ? next.GetString() : null;
            if (path is not null)
            {
                Assert.Equal(3, items.Count);
                Assert.StartsWith("/api/v1/machines?", path, StringComparison.Ordinal);
                if (filter.Length > 0) Assert.Contains(filter.TrimStart('&'), path, StringComparison.Ordinal);
            }
            Assert.True(++pages <= expected.Count, "paging must end");
        }
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task List_PageWithEverything_HasNoNextLink_AndSkipPastTheEndIsEmpty()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (_, all, _) = await fixture.Host.ApiAsync(HttpMethod.Get, $"/api/v1/machines?top={snapshot.Machines.Count}", token);
        Assert.Equal(snapshot.Machines.Count, all.GetProperty("items").GetArrayLength());
        Assert.False(all.TryGetProperty("nextLink", out _));

        var (status, beyond, _) = await fixture.Host.ApiAsync(HttpMethod.Get, $"/api/v1/machines?top=5&skip={snapshot.Machines.Count + 10}", token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.False(beyond.TryGetProperty("nextLink", out _));
    }

    [Theory]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("top=-1", "top")]
    [InlineData("top=ten", "top")]
    [InlineData("top=10&skip=-5", "skip")]
    [InlineData("top=10&skip=x", "skip")]
    [InlineData("skip=10", "skip")]
    public async Task List_BadPaging_Is400ProblemNamingTheParameter(string query, string parameter)
    {
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, response) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines?" + query, token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Invalid " + parameter, body.GetProperty("title").GetString());
        Assert.StartsWith(parameter, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ExposedMachine_CarriesTheDecisivePath()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var exposed = snapshot.Machines.First(m => m.Facts.Exposed && m.Facts.Ports.Any(p => p.Paths.Any(path => path.Steps.Count > 0)));
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("alice"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, $"/api/v1/machines/{exposed.SubscriptionId}/{exposed.ResourceGroup}/{exposed.Name}", token);

        Assert.Equal(HttpStatusCode.OK, status);
        var open = body.GetProperty("ports").EnumerateArray().First(p => p.GetProperty("exposure").GetString() == "Open");
        var rules = open.GetProperty("paths").EnumerateArray().SelectMany(p => p.GetProperty("rules").EnumerateArray()).ToList();
        var decisive = Assert.Single(rules, r => r.GetProperty("decisive").GetBoolean() && r.GetProperty("access").GetString() == "Allow");
        Assert.False(string.IsNullOrEmpty(decisive.GetProperty("rule").GetString()));
        Assert.Contains("Open", open.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownMachine_Is404Problem()
    {
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines/00000000-0000-0000-0000-000000000000/rg/nope", token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("nope", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("erin", HttpStatusCode.Forbidden)]
    public async Task List_WithoutARole_IsRefused(string? user, HttpStatusCode expected)
    {
        var token = user is null ? null : await fixture.Host.TokenAsync(AuthTestSupport.Person(user));

        var (status, _, _) = await fixture.Host.ApiAsync(HttpMethod.Get, "/api/v1/machines", token);

        Assert.Equal(expected, status);
    }
}
