using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Estate;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
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
    [InlineData("$top=0", "$top")]
    [InlineData("$top=1001", "$top")]
    [InlineData("$top=5&top=5", "$top")]
    [InlineData("$top=5&$skipToken=bm9wZQ", "$skipToken")]
    [InlineData("$skipToken=%3Cscript%3E", "$skipToken")]
    [InlineData("$top=5&skip=5&$skipToken=bTE6L3N1YnNjcmlwdGlvbnMvMQ", "$skipToken")]
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

    [Fact]
    public async Task List_DollarTop_FollowsOpaqueSkipTokens_ThroughTheWholeEstate()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));

        var seen = new List<string?>();
        var path = "/api/v1/machines?$top=4";
        while (path is not null)
        {
            var (status, body, _) = await fixture.Host.ApiAsync(HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.OK, status);
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
            path = body.TryGetProperty("nextLink", out var next) ? next.GetString() : null;
            if (path is not null)
            {
                Assert.Contains("$skipToken=", path, StringComparison.Ordinal);
                Assert.DoesNotContain("skip=", path.Replace("$skipToken=", "", StringComparison.Ordinal), StringComparison.Ordinal);
            }
            Assert.True(seen.Count <= snapshot.Machines.Count, "paging must end");
        }

        Assert.Equal(snapshot.Machines.Select(m => m.Id).Order(StringComparer.OrdinalIgnoreCase), seen);
    }

    [Fact]
    public async Task List_RevalidatedWithItsETag_Is304WithoutABody_UntilTheEstateChanges()
    {
        await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        // The live estate may publish a new snapshot between the two reads (events of the simulator's own side
        // effects): then the answer is a full one under a new tag, and the pair is tried again.
        System.Net.Http.Headers.EntityTagHeaderValue? etag = null;
        HttpResponseMessage? notModified = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var first = await client.GetAsync(new Uri("/api/v1/machines?$top=5", UriKind.Relative));
            etag = first.Headers.ETag;
            Assert.NotNull(etag);
            Assert.True(etag.IsWeak);
            Assert.Contains("no-cache", first.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

            using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/machines?$top=5");
            again.Headers.IfNoneMatch.Add(etag);
            notModified?.Dispose();
            notModified = await client.SendAsync(again);
            if (notModified.StatusCode == HttpStatusCode.NotModified)
                break;
            Assert.Equal(HttpStatusCode.OK, notModified.StatusCode);
            Assert.NotEqual(etag, notModified.Headers.ETag);
        }

        Assert.NotNull(etag);
        using (notModified)
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified!.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, notModified.Headers.ETag);
        }

        // Another tag (a snapshot since replaced, or another process's) gets the full answer.
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/machines?$top=5");
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"someone-else\"", isWeak: true));
        using var full = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);

        // A refresh makes a new snapshot, so the old tag no longer matches.
        var estate = fixture.Host.Services.GetRequiredService<JitDashboard.Platform.Estate.IEstateService>();
        await estate.RefreshAsync();
        using var afterRefresh = new HttpRequestMessage(HttpMethod.Get, "/api/v1/machines?$top=5");
        afterRefresh.Headers.IfNoneMatch.Add(etag);
        using var changed = await client.SendAsync(afterRefresh);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task List_IsCompressed_WhenTheClientAcceptsIt_AndPagesAreNot(string encoding)
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var token = await fixture.Host.TokenAsync(AuthTestSupport.Person("dave"));
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd(encoding);

        using var response = await client.GetAsync(new Uri("/api/v1/machines", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using var decoder = encoding == "br"
            ? (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var json = await JsonDocument.ParseAsync(decoder);
        Assert.Equal(snapshot.Machines.Count, json.RootElement.GetProperty("items").GetArrayLength());

        // Outside /api nothing is compressed, JSON included: the pages carry antiforgery tokens (BREACH).
        using var outside = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        Assert.Empty(outside.Content.Headers.ContentEncoding);
    }
}
