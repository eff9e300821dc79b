namespace JitDashboard.Platform.Identity;

/// <summary>Entra app roles, as they arrive in the token's <c>roles</c> claim (DESIGN.md "Demo people").</summary>
public static class Roles
{
    public const string Reader = "JitDashboard.Reader";
    public const string Operator = "JitDashboard.Operator";
    public const string Approver = "JitDashboard.Approver";
    public const string Admin = "JitDashboard.Admin";

    /// <summary>Not a person's role: Azure Event Grid's service principal holds it to deliver events (POST /api/v1/events/azure).</summary>
    public const string EventPublisher = "JitDashboard.EventPublisher";
}
