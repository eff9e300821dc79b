namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RuleChangeAction>))]
public enum RuleChangeAction
{
    /// <summary>The rule covers only ports JIT now protects: deleted.</summary>
    Delete,

    /// <summary>The rule covers other ports too: its destination port ranges lose the JIT ports.</summary>
    Rewrite,
}
