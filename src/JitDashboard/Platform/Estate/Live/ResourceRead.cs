namespace JitDashboard.Platform.Estate.Live;

/// <summary>What a targeted read found: the resource as ARM returns it now, or null when it no longer exists.</summary>
public sealed record ResourceRead(EstateResource Resource, object? Value)
{
    public bool Gone => Value is null;
}
