namespace JitDashboard.Features.Automation;

/// <summary>VMs a rule never touches.</summary>
public sealed class AutomationExclusions
{
    /// <summary>Any matching tag excludes the VM (e.g. <c>jit-exempt=true</c>).</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    public List<string> MachineIds { get; set; } = [];
}
