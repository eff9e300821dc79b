namespace JitDashboard.Features.Automation;

/// <summary>Each trigger can be on or off per rule.</summary>
public sealed class AutomationTriggers
{
    /// <summary>The dashboard's own detection: an in-scope VM exposed or Not configured after an estate refresh (and drift).</summary>
    public bool Exposure { get; set; } = true;

    /// <summary>Defender's JIT assessment (805651bc-6ecd-4c73-9b55-97a19d0582d0) Unhealthy.</summary>
    public bool Assessment { get; set; } = true;

    /// <summary>The inbound webhook (Defender workflow automation, Event Grid).</summary>
    public bool Webhook { get; set; } = true;
}
