using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationRunStatus>))]
public enum AutomationRunStatus
{
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,

    /// <summary>Proposals wait for an Approver (RequireApproval).</summary>
    AwaitingApproval,

    /// <summary>Dry run: recorded only.</summary>
    DryRun,

    /// <summary>Nothing to do: every in-scope VM is covered, excluded or skipped.</summary>
    NothingToDo,

    /// <summary>The rule's scope matches no VM at all.</summary>
    NoMatch,
}
