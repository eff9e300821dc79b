namespace JitDashboard.Simulator.Identity;

/// <summary>Constants of the simulator's identity provider: tenant, app roles, demo people.</summary>
public static class SimulatorIdentity
{
    /// <summary>
    /// The simulator's fixed directory (tenant) id. Issuers are <c>{simulatorBase}/{TenantId}/v2.0</c>, the shape
    /// of Entra ID's v2 issuers, so that Microsoft.Identity.Web with <c>Instance = simulatorBase</c> and
    /// <c>TenantId = TenantId</c> computes the right authority by itself.
    /// </summary>
    public const string TenantId = "72f988bf-0000-4000-8000-000000000001";

    /// <summary>
    /// A client id the dashboard can use in simulator mode. Any non-empty client id is accepted unless
    /// <see cref="SimulatorIdentityOptions.Clients"/> registers some; this one is merely conventional.
    /// </summary>
    public const string DashboardClientId = "72f988bf-0000-4000-8000-00000000da5b";

    /// <summary>The default audience of user access tokens for the dashboard's REST API.</summary>
    public const string DashboardApiAudience = "api://jitdashboard";

    /// <summary>The delegated scope put in <c>scp</c> of user access tokens minted for the REST API.</summary>
    public const string DashboardApiScope = "access_as_user";

    /// <summary>ARM's audience in public Azure; the client-credentials grant accepts any <c>{audience}/.default</c>.</summary>
    public const string ArmAudience = "https://management.azure.com/";

    public const string RolePrefix = "JitDashboard.";
    public const string ReaderRole = "JitDashboard.Reader";
    public const string OperatorRole = "JitDashboard.Operator";
    public const string ApproverRole = "JitDashboard.Approver";
    public const string AdminRole = "JitDashboard.Admin";

    public static SimulatorPerson Alice { get; } = new("alice@contoso.test", "Alice Operator", new Guid("a11ce000-0000-4000-8000-000000000001"), [OperatorRole]);
    public static SimulatorPerson Bob { get; } = new("bob@contoso.test", "Bob Approver", new Guid("b0b00000-0000-4000-8000-000000000002"), [ApproverRole]);
    public static SimulatorPerson Carol { get; } = new("carol@contoso.test", "Carol Admin", new Guid("ca201000-0000-4000-8000-000000000003"), [AdminRole]);
    public static SimulatorPerson Dave { get; } = new("dave@contoso.test", "Dave Reader", new Guid("da7e0000-0000-4000-8000-000000000004"), [ReaderRole]);

    /// <summary>A signed-in person with no app role, to show that access is denied by default.</summary>
    public static SimulatorPerson Erin { get; } = new("erin@contoso.test", "Erin Guest", new Guid("e2140000-0000-4000-8000-000000000005"), []);

    /// <summary>All demo people, in the order the sign-in page lists them.</summary>
    public static IReadOnlyList<SimulatorPerson> People { get; } = [Alice, Bob, Carol, Dave, Erin];

    /// <summary>Finds a demo person by user name (case-insensitive), or null.</summary>
    public static SimulatorPerson? FindPerson(string? userName) =>
        string.IsNullOrWhiteSpace(userName)
            ? null
            : People.FirstOrDefault(p => string.Equals(p.UserName, userName.Trim(), StringComparison.OrdinalIgnoreCase));
}
