namespace JitDashboard.Platform.Estate;

/// <summary>Machines are the same machine when their ARM ids match (ids are case-insensitive), whatever snapshot they come from.</summary>
public sealed class EstateMachineIdComparer : IEqualityComparer<EstateMachine>
{
    public static EstateMachineIdComparer Instance { get; } = new();

    public bool Equals(EstateMachine? x, EstateMachine? y)
        => ReferenceEquals(x, y) || (x is not null && y is not null && StringComparer.OrdinalIgnoreCase.Equals(x.Id, y.Id));

    public int GetHashCode(EstateMachine obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Id);
}
