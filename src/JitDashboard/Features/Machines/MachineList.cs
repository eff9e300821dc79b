using System.Text.Json.Serialization;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The machines, in id order; <c>nextLink</c> (relative) only when paging with <c>$top</c> and more remain. Its
/// <c>$skipToken</c> marks the last id served, so a refresh between pages neither repeats nor skips a machine present
/// before and after it; a client that needs one consistent view checks <c>refreshedAt</c> stays the same across pages.
/// </summary>
public sealed record MachineList(IReadOnlyList<MachineItem> Items, DateTimeOffset? RefreshedAt, string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);
