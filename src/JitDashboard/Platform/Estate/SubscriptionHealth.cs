namespace JitDashboard.Platform.Estate;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SubscriptionHealth>))]
public enum SubscriptionHealth
{
    /// <summary>Every source read (an unregistered ClassicCompute, retired in 2023, is normal).</summary>
    Healthy,

    /// <summary>Its VMs are listed, but some facts are stale or Unknown, or JIT cannot be used there.</summary>
    Degraded,

    /// <summary>Its VMs could not be listed at all.</summary>
    Unavailable,
}
