using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Hosting;

public sealed class StaticAssetsTests
{
    // Outside Development the build output once served these as 200 with an empty body (STACK.md).
    [Theory]
    [InlineData("Production", "/assets/css/app.css", "text/css")]
    [InlineData("Production", "/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("Production", "/_content/MudBlazor/MudBlazor.min.js", "javascript")]
    [InlineData("Production", "/_framework/blazor.web.js", "javascript")]
    [InlineData("Development", "/assets/css/app.css", "text/css")]
    public async Task StaticAsset_AnyEnvironment_ArrivesNonEmpty(string environment, string path, string contentType)
    {
        await using var host = await DashboardHost.StartAsync(environment: environment);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        Assert.Contains(contentType, response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        Assert.True(body.Length > 200, $"{path} arrived with {body.Length} characters");
    }

    [Fact]
    public async Task ProductCss_Production_IsTheRepositoryFile()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = host.CreateClient();

        var served = await client.GetStringAsync(new Uri("/assets/css/app.css", UriKind.Relative));

        var repoFile = Path.Combine(RepoPaths.Root, "wwwroot-assets", "css", "app.css");
        Assert.Equal(File.ReadAllText(repoFile).ReplaceLineEndings(), served.ReplaceLineEndings());
    }
}
