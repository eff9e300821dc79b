using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationActionKind>))]
public enum AutomationActionKind
{
    /// <summary>Put the VM in a JIT policy.</summary>
    Apply,

    /// <summary>Drift: the VM had JIT and lost it; put it back.</summary>
    Remediate,

    /// <summary>Left alone, with the reason.</summary>
    Skip,
}
