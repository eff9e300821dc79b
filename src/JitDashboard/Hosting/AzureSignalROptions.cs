namespace JitDashboard.Hosting;

/// <summary>The <c>Azure:SignalR</c> section (the key the Azure SignalR SDK itself reads).</summary>
public sealed class AzureSignalROptions
{
    public const string SectionName = "Azure:SignalR";

    /// <summary>
    /// <c>Azure:SignalR:ConnectionString</c> (environment: <c>Azure__SignalR__ConnectionString</c>): when set, Blazor
    /// Server's circuits go through Azure SignalR Service (sticky mode Required) instead of straight to an instance, so
    /// the load balancer needs no affinity. Empty: unchanged (WebSockets to the instance, ARR affinity).
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>True when the service is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
