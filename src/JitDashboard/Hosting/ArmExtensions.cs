using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using JitDashboard.Azure;
using JitDashboard.Configuration;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

public static class ArmExtensions
{
    /// <summary>
    /// One ArmClient (singleton: one pipeline, one connection pool, one token cache for the app) and the typed
    /// clients over it. The endpoint is resolved at start-up by <see cref="ArmConnectionService"/>, which starts
    /// the embedded simulator when needed; it is registered first so it runs before other hosted services.
    /// </summary>
    public static WebApplicationBuilder AddArm(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ArmConnection>();
        services.AddHostedService<ArmConnectionService>();

        services.AddSingleton<TokenCredential>(sp =>
            sp.GetRequiredService<IOptions<DashboardOptions>>().Value.Mode == DashboardMode.Simulator
                ? new SimulatorTokenCredential()
                : new DefaultAzureCredential());

        services.AddSingleton<ArmClientProvider>();
        services.AddSingleton(sp => sp.GetRequiredService<ArmClientProvider>().Client);

        services.AddSingleton<ArmRestClient>();
        services.AddSingleton<ISubscriptionsClient, SubscriptionsClient>();
        services.AddSingleton<IComputeClient, ComputeClient>();
        services.AddSingleton<NetworkClient>();
        services.AddSingleton<ClassicComputeClient>();
        services.AddSingleton<SecurityClient>();
        return builder;
    }

    public static ArmClient CreateArmClient(ResolvedArmConnection connection, TokenCredential credential, ArmOptions options)
    {
        var clientOptions = new ArmClientOptions
        {
            Environment = new ArmEnvironment(connection.Endpoint, connection.Audience),
            Transport = new HttpClientTransport(TrustedCertificateHandler.Create(connection.TrustedCertificate)),
        };

        // Azure.Core's retry policy retries 408/429/5xx and transport errors, and waits what Retry-After says.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);

        // A fixed compute api-version rather than the SDK's default.
        clientOptions.SetApiVersion(VirtualMachineResource.ResourceType, options.ApiVersions.Compute);
        return new ArmClient(credential, defaultSubscriptionId: null, clientOptions);
    }
}
