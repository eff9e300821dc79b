using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationMode>))]
public enum AutomationMode
{
    /// <summary>Starts a JIT operation for each candidate VM.</summary>
    Apply,

    /// <summary>Records a proposal per VM that an Approver or Admin approves (then applied) or rejects.</summary>
    RequireApproval,

    /// <summary>Records what it would do; nothing is written to Azure.</summary>
    DryRun,
}
