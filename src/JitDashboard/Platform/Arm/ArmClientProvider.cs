using Azure.Core;
using Azure.ResourceManager;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// The app's one ArmClient, built on first use. Lazy because the host constructs every hosted service (and what
/// they depend on) before starting any, while the endpoint is known only once the embedded simulator has started.
/// </summary>
public sealed class ArmClientProvider
{
    private readonly Lazy<ArmClient> _client;

    public ArmClientProvider(ArmConnection connection, TokenCredential credential, IOptions<ArmOptions> options)
        => _client = new Lazy<ArmClient>(() => ArmExtensions.CreateArmClient(connection.Current, credential, options.Value));

    /// <summary>For tests and tools that already hold a client.</summary>
    public static ArmClientProvider FromClient(ArmClient client) => new(new Lazy<ArmClient>(client));

    private ArmClientProvider(Lazy<ArmClient> client) => _client = client;

    public ArmClient Client => _client.Value;
}
