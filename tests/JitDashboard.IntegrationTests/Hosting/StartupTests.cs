using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using JitDashboard.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JitDashboard.IntegrationTests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task ProductionApp_WithNoSettings_IsAzureMode_AndStopsNamingTheMissingKeys()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardHost.StartProductionAsync());

        var failure = FindValidationFailure(error);
        Assert.NotNull(failure);
        Assert.Equal(2, failure.Failures.Count());
        Assert.Contains("AzureAd:TenantId is required in Azure mode (the directory id of the app registration)", failure.Failures);
        Assert.Contains("AzureAd:ClientId is required in Azure mode (the app registration's application id)", failure.Failures);
    }

    [Fact]
    public async Task ProductionApp_RefusesSimulatorMode_PointingToTheDevHost()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardHost.StartProductionAsync(new Dictionary<string, string?> { ["Mode"] = "Simulator" }));

        var message = error.ToString();
        Assert.Contains("Mode is Simulator, but this app has no simulator", message, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/JitDashboard.DevHost", message, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.OptionsValidationException? FindValidationFailure(Exception? e) => e switch
    {
        null => null,
        Microsoft.Extensions.Options.OptionsValidationException v => v,
        AggregateException a => a.InnerExceptions.Select(FindValidationFailure).FirstOrDefault(v => v is not null),
        _ => FindValidationFailure(e.InnerException),
    };

    [Fact]
    public async Task AzureMode_MissingSettings_StopsStartListingEveryKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardHost.StartProductionAsync(new Dictionary<string, string?>
        {
            ["Mode"] = "Azure",
            ["Arm:Credential"] = "ClientSecret",
        }));

        var message = error.ToString();
        Assert.Contains("AzureAd:TenantId", message, StringComparison.Ordinal);
        Assert.Contains("AzureAd:ClientId", message, StringComparison.Ordinal);
        Assert.Contains("AzureAd:ClientSecret", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureMode_BadCredentialKind_IsListedWithTheRest()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mode"] = "Azure",
            ["Arm:Credential"] = "Password",
            ["Authentication:BackchannelTimeoutSeconds"] = "0",
        }));

        var message = error.ToString();
        Assert.Contains("Arm:Credential must be ManagedIdentity, WorkloadIdentity, ClientSecret or AzureCli, not 'Password'", message, StringComparison.Ordinal);
        Assert.Contains("Authentication:BackchannelTimeoutSeconds", message, StringComparison.Ordinal);
        Assert.Contains("AzureAd:TenantId", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureMode_UnreachableAuthority_FailsSignInQuickly_WithTheShortBackchannelTimeout()
    {
        // The production app itself: with its Azure settings it starts (and runs no simulator).
        await using var host = await DashboardHost.StartProductionAsync(new Dictionary<string, string?>
        {
            ["Mode"] = "Azure",
            ["AzureAd:Instance"] = "https://127.0.0.1:1/",
            ["AzureAd:TenantId"] = "11111111-1111-4111-8111-111111111111",
            ["AzureAd:ClientId"] = "22222222-2222-4222-8222-222222222222",
            ["Authentication:BackchannelTimeoutSeconds"] = "7",
        });

        var oidc = host.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        var bearer = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.Equal(TimeSpan.FromSeconds(7), oidc.BackchannelTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), oidc.Backchannel.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(7), bearer.BackchannelTimeout);
        Assert.StartsWith("https://127.0.0.1:1/11111111-1111-4111-8111-111111111111", oidc.Authority, StringComparison.Ordinal);
        Assert.Null(host.Services.GetRequiredService<JitDashboard.Platform.Arm.ArmConnection>().Current.Hosted);
        Assert.Null(host.Services.GetService<JitDashboard.Platform.Arm.IArmEnvironmentProvider>());

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync("/authentication/login");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
