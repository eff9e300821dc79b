namespace JitDashboard.Platform.Identity;

/// <summary>
/// Authorization policies. Reader sees; Operator also applies policies and requests access; Approver also decides
/// others' requests; Admin does everything (Reader &lt; Operator, Approver &lt; Admin).
/// </summary>
public static class AppPolicies
{
    /// <summary>Any of the four roles: see the estate, posture and audit.</summary>
    public const string Read = "Read";

    /// <summary>Operator or Admin: apply or remove JIT policies, request access.</summary>
    public const string Operate = "Operate";

    /// <summary>Approver or Admin: approve or deny others' requests.</summary>
    public const string Approve = "Approve";

    /// <summary>Admin: automation rules, templates, settings.</summary>
    public const string Administer = "Administer";
}
