namespace JitDashboard.Features.Machines;

/// <summary>One management port; <c>reason</c> and <c>paths</c> only on the single-machine answer.</summary>
public sealed record MachinePort(int Port, string Protocol,
    [property: System.ComponentModel.Description("Open (any Internet address gets through), Restricted (only the listed sources), Closed, or Unknown: a network source the verdict needs could not be read (never guessed as Open or Closed).")]
    string Exposure,
    IReadOnlyList<string> Sources, string? Reason, IReadOnlyList<MachinePath>? Paths)
{
    /// <summary>The kinds of path through which the port is reachable: PublicIp, LoadBalancerNat, LoadBalancerRule, FirewallDnat; empty when Closed.</summary>
    [System.ComponentModel.Description("The kinds of path through which the port is reachable (Open or Restricted): PublicIp, LoadBalancerNat, LoadBalancerRule, FirewallDnat. Empty when Closed.")]
    public IReadOnlyList<string> Via { get; init; } = [];

    /// <summary>True when the port is Open and Defender's "management ports should be closed" assessment (bc303248-3d14-44c2-96a0-55f5c326b5fe) says Healthy.</summary>
    [System.ComponentModel.Description("True when the port is Open and Defender's 'Management ports should be closed on your virtual machines' assessment (bc303248-3d14-44c2-96a0-55f5c326b5fe) is Healthy for this VM: Defender misses this door.")]
    public bool MissedByDefender { get; init; }
}
