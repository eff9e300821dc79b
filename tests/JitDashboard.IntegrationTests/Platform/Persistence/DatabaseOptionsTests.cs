using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JitDashboard.IntegrationTests.Platform.Persistence;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_NamesTheKey()
    {
        var result = new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { Provider = "PostgreSQL" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Database:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOne()
    {
        var result = new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { Provider = "MySql", DataDirectory = "" });

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Database:Provider", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Database:DataDirectory", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadConnectionString_DoesNotEchoIt()
    {
        var result = new DatabaseOptionsValidator().Validate(null,
            new DatabaseOptions { Provider = "PostgreSQL", ConnectionString = "Host=db;Password=s3cret-value;NoSuchKeyword=1" });

        Assert.True(result.Failed);
        Assert.Contains("Database:ConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Sqlite")]
    [InlineData("sqlite")]
    public void Validate_SqliteDefaults_Pass(string? provider)
    {
        var options = new DatabaseOptions { Provider = provider! };
        Assert.True(new DatabaseOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void ResolveConnectionString_SqliteWithoutOne_PointsIntoTheDataDirectory()
    {
        var options = new DatabaseOptions { DataDirectory = "/var/lib/jit" };

        Assert.Equal("Data Source=/var/lib/jit/jitdashboard.db", options.ResolveConnectionString());
        Assert.Equal(Path.Combine(JitDashboard.Testing.RepoPaths.Root, "data", "jitdashboard.db"),
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(new DatabaseOptions().ResolveConnectionString()).DataSource);
    }

    [Fact]
    public async Task HostStart_PostgreSqlWithoutConnectionString_FailsNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSQL" });
        builder.AddJitDashboardData();
        builder.AddAudit();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Database:ConnectionString", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeDataDirectory_FromACheckout_IsUnderTheRepositoryRoot()
    {
        var options = new DatabaseOptions { DataDirectory = "data" };

        Assert.Equal(Path.Combine(JitDashboard.Testing.RepoPaths.Root, "data"), options.FullDataDirectory);
        Assert.Equal("/var/lib/jit", new DatabaseOptions { DataDirectory = "/var/lib/jit" }.FullDataDirectory);
    }
}
