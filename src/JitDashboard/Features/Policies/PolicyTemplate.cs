using System.Text.Json.Serialization;
using System.Xml;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Policies;

/// <summary>A JIT policy template: the ports a policy gets for each VM. Stored in the database; Admin edits.</summary>
public sealed class PolicyTemplate
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The template used when a request names none. Exactly one is default.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Stored as one JSON column: a template is always read and written whole.</summary>
    public List<PolicyTemplatePort> Ports { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    /// <summary>The ports for a VM of the given OS: ports without an OS filter plus those limited to that OS.</summary>
    public IReadOnlyList<JitPortRule> PortsFor(string? osType) =>
        Ports.Where(p => string.IsNullOrEmpty(p.OsType) || string.Equals(p.OsType, osType, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.ToRule())
            .ToList();
}
