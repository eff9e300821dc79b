using System.Text.Json.Serialization;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The machines; <c>nextLink</c> (relative) only when paging with <c>top</c> and more remain. Pages are offsets into the
/// current snapshot: a refresh between pages can shift items, so a client that needs one consistent view checks
/// <c>refreshedAt</c> stays the same across pages.
/// </summary>
public sealed record MachineList(IReadOnlyList<MachineItem> Items, DateTimeOffset? RefreshedAt, string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);
