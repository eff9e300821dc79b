using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Components;

namespace JitDashboard.Features.Machines;

public sealed partial class RecommendationChip
{
    [Parameter, EditorRequired] public RecommendationState State { get; set; }

    /// <summary>The recommendation, for the tooltip and screen readers.</summary>
    [Parameter] public string Label { get; set; } = "Recommendation";

    /// <summary>A compact text for grid cells (e.g. "JIT"); the state's name when null.</summary>
    [Parameter]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The parameter's name in the markup that uses it (Short=\"JIT\"); it means a short label, not the type.")]
    public string? Short { get; set; }

    /// <summary>Why Defender's data is missing, when it could not be read (shown on hover instead of "Unknown").</summary>
    [Parameter] public string? UnknownReason { get; set; }

    private string Title => State == RecommendationState.Unknown && UnknownReason is not null ? $"{Label}: Unknown ({UnknownReason})" : $"{Label}: {State}";
}
