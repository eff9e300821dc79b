using System.Net;
using JitDashboard.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JitDashboard.IntegrationTests.Auth;

public sealed class StartupTests
{
    [Fact]
    public async Task AzureMode_MissingSettings_StopsStartListingEveryKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardHost.StartAsync(new Dictionary<string, string?>
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
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
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

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync("/authentication/login");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
