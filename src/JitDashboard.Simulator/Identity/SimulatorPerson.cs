namespace JitDashboard.Simulator.Identity;

/// <summary>A demo person of the simulator's identity provider (DESIGN.md, "Demo people").</summary>
/// <param name="UserName">The sign-in name, also <c>preferred_username</c>, <c>upn</c> and <c>email</c>.</param>
/// <param name="DisplayName">The <c>name</c> claim.</param>
/// <param name="ObjectId">The stable <c>oid</c> (and <c>sub</c>) of the person.</param>
/// <param name="Roles">The app roles carried in the <c>roles</c> claim; empty for nobody-in-particular.</param>
public sealed record SimulatorPerson(string UserName, string DisplayName, Guid ObjectId, IReadOnlyList<string> Roles)
{
    /// <summary>How the person is labelled on the sign-in page: the role without its prefix, or "no role".</summary>
    public string RoleLabel => Roles.Count == 0
        ? "no role"
        : string.Join(", ", Roles.Select(r => r.StartsWith(SimulatorIdentity.RolePrefix, StringComparison.Ordinal) ? r[SimulatorIdentity.RolePrefix.Length..] : r));
}
