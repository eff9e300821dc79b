namespace JitDashboard.Platform.Estate.Live;

/// <summary>Reads one estate resource as ARM holds it now.</summary>
public interface IResourceReader
{
    Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken);
}
