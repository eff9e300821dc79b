namespace JitDashboard.Platform.Estate.Live;

/// <summary>Reads one estate resource as ARM holds it now.</summary>
public interface IResourceReader
{
    Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken);

    /// <summary>
    /// Every resource of <paramref name="kind"/> in the subscription, in one paged list: for a refresh that needs
    /// many of them (a bulk JIT write touches the NSGs of every VM it covers). Null when this reader cannot list the kind.
    /// </summary>
    Task<IReadOnlyList<ResourceRead>?> ListAsync(string subscriptionId, EstateResourceKind kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ResourceRead>?>(null);
}
