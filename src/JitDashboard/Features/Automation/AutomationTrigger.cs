using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationTrigger>))]
public enum AutomationTrigger
{
    /// <summary>An estate refresh saw an in-scope VM exposed or Not configured.</summary>
    Exposure,

    /// <summary>Defender's JIT assessment Unhealthy for the VM.</summary>
    Assessment,

    /// <summary>The inbound webhook named the VM.</summary>
    Webhook,

    /// <summary>A VM that had JIT lost it.</summary>
    Drift,

    /// <summary>"Run now" by a person.</summary>
    Manual,
}
