using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Arm;

public static class ArmExtensions
{
    /// <summary>
    /// One ArmClient (singleton: one pipeline, one connection pool, one token cache for the app) and the typed
    /// clients over it. The endpoint is resolved at start-up by <see cref="ArmConnectionService"/>, which starts
    /// the host's stand-in for Azure when there is one (<see cref="IArmEnvironmentProvider"/>, <c>Mode=Simulator</c>);
    /// it is registered first so it runs before other hosted services.
    /// </summary>
    public static WebApplicationBuilder AddArm(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ArmConnection>();
        services.AddHostedService<ArmConnectionService>();

        services.AddSingleton<TokenCredential>(sp => new DeferredTokenCredential(() => CreateCredential(sp)));

        services.AddSingleton<ArmClientProvider>();
        services.AddSingleton(sp => sp.GetRequiredService<ArmClientProvider>().Client);

        services.AddSingleton<ArmRestClient>();
        services.AddSingleton<ISubscriptionsClient, SubscriptionsClient>();
        services.AddSingleton<IComputeClient, ComputeClient>();
        services.AddSingleton<NetworkClient>();
        services.AddSingleton<ClassicComputeClient>();
        services.AddSingleton<SecurityClient>();
        // One bucket per subscription for the whole process: ARM counts every write of this identity.
        services.AddSingleton(sp => new ArmWriteBudget(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    /// <summary>
    /// The app's own ARM credential. Simulator mode: client credentials against the host's stand-in authority. Azure mode:
    /// <c>Arm:Credential</c> picks managed identity, workload identity, a client secret (from the environment) or the
    /// Azure CLI; never DefaultAzureCredential, whose silent fall-through hides misconfiguration.
    /// </summary>
    private static TokenCredential CreateCredential(IServiceProvider sp)
    {
        var connection = sp.GetRequiredService<ArmConnection>().Current;
        if (connection.Hosted is { } hosted)
        {
            return hosted.CreateCredential();
        }

        var arm = sp.GetRequiredService<IOptions<ArmOptions>>().Value;
        var azureAd = sp.GetRequiredService<IOptions<AzureAdSettings>>().Value;
        var authority = string.IsNullOrWhiteSpace(azureAd.Instance) ? null : new Uri(azureAd.Instance);
        return arm.Credential switch
        {
            ArmCredentialKind.ManagedIdentity => string.IsNullOrWhiteSpace(arm.ManagedIdentityClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(arm.ManagedIdentityClientId)),
            // Reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE set by the AKS webhook.
            ArmCredentialKind.WorkloadIdentity => new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions
            {
                TenantId = NullIfEmpty(azureAd.TenantId),
                ClientId = NullIfEmpty(azureAd.ClientId),
                AuthorityHost = authority,
            }),
            ArmCredentialKind.ClientSecret => new ClientSecretCredential(azureAd.TenantId, azureAd.ClientId, azureAd.ClientSecret,
                new ClientSecretCredentialOptions { AuthorityHost = authority }),
            ArmCredentialKind.AzureCli => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = NullIfEmpty(azureAd.TenantId) }),
            _ => throw new InvalidOperationException($"Arm:Credential '{arm.Credential}' is not supported."),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static ArmClient CreateArmClient(ResolvedArmConnection connection, TokenCredential credential, ArmOptions options)
    {
        var clientOptions = new ArmClientOptions
        {
            Environment = new ArmEnvironment(connection.Endpoint, connection.Audience),
#pragma warning disable CA2000 // The transport owns its handler for the ArmClient's lifetime (one per connection).
            Transport = new HttpClientTransport(TrustedCertificateHandler.Create(connection.TrustedCertificate)),
#pragma warning restore CA2000
        };

        // Azure.Core's retry policy retries 408/429/5xx and transport errors, and waits what Retry-After says.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(500);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);
        clientOptions.RetryPolicy = new ArmRetryPolicy(options.MaxRetries,
            DelayStrategy.CreateExponentialDelayStrategy(clientOptions.Retry.Delay, clientOptions.Retry.MaxDelay),
            TimeSpan.FromSeconds(30));

        // Metrics and a span per try (after the retry policy, so each 429 is seen); Azure.Core's own logging
        // already redacts Authorization (it is not in DiagnosticsOptions.LoggedHeaderNames).
        clientOptions.AddPolicy(new ArmTelemetryPolicy(), HttpPipelinePosition.PerRetry);

        // A fixed compute api-version rather than the SDK's default.
        clientOptions.SetApiVersion(VirtualMachineResource.ResourceType, options.ApiVersions.Compute);
        return new ArmClient(credential, defaultSubscriptionId: null, clientOptions);
    }
}
