using JitDashboard.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace JitDashboard.UnitTests.Hosting;

/// <summary>
/// Azure SignalR Service is used only when <c>Azure:SignalR:ConnectionString</c> is set (the service itself cannot be
/// reached from the tests: only the registration and the setting's checks are tested).
/// </summary>
public class AzureSignalRTests
{
    private const string Valid = "Endpoint=https://jit.service.signalr.net;AccessKey=dGVzdC1vbmx5LW5vdC1hLWtleQ==;Version=1.0;";

    private static bool RegistersAzureSignalR(string? connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (connectionString is not null) builder.Configuration["Azure:SignalR:ConnectionString"] = connectionString;
        builder.AddUi();
        return builder.Services.Any(d => (d.ImplementationType ?? d.ServiceType).Namespace?.StartsWith("Microsoft.Azure.SignalR", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Registered_OnlyWhenConfigured()
    {
        Assert.False(RegistersAzureSignalR(null));
        Assert.False(RegistersAzureSignalR(""));
        Assert.True(RegistersAzureSignalR(Valid));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(Valid, true)]
    [InlineData("Endpoint=https://jit.service.signalr.net;AuthType=azure;Version=1.0;", true)]
    [InlineData("Endpoint=http://localhost:8888;AccessKey=ABC;Version=1.0;", true)]
    [InlineData("Endpoint=http://jit.service.signalr.net;AccessKey=ABC;Version=1.0;", false)]
    [InlineData("AccessKey=ABC;Version=1.0;", false)]
    [InlineData("Endpoint=https://jit.service.signalr.net;Version=1.0;", false)]
    [InlineData("Endpoint=https://jit.service.signalr.net;AccessKey=ABC;Version=2.0;", false)]
    public void ConnectionString_IsChecked(string connectionString, bool valid)
    {
        var result = new AzureSignalROptionsValidator().Validate(null, new AzureSignalROptions { ConnectionString = connectionString });
        Assert.Equal(valid, result.Succeeded);
        if (!valid) Assert.All(result.Failures!, f => Assert.DoesNotContain("ABC", f, StringComparison.Ordinal));
    }
}
