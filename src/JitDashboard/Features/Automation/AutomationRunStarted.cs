namespace JitDashboard.Features.Automation;

/// <summary>A recorded run and the task that finishes it (JIT operations still running; never faults, a failure is logged and recorded).</summary>
public sealed record AutomationRunStarted(AutomationRun Run, Task Completion);
