using JitDashboard.Platform.Estate;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The Machines grid's select column with the page's own select-all. The grid reads its rows a screenful at a time
/// (issue 18: at 100,000 VMs it must not walk the whole view on each render), so MudDataGrid's own select-all would
/// select only the rows it has loaded; this one selects every row of the filtered view. Rows are selected as before.
/// </summary>
public sealed class MachinesSelectColumn : SelectColumn<EstateMachine>
{
    /// <summary>True when every row of the view is selected, false when none is, null when some are.</summary>
    [Parameter] public bool? AllSelected { get; set; }

    [Parameter] public EventCallback<bool?> AllSelectedChanged { get; set; }

    public override RenderFragment<HeaderContext<EstateMachine>>? GetHeaderTemplate() => _ => builder =>
    {
        builder.OpenComponent<MudCheckBox<bool?>>(0);
        builder.AddComponentParameter(1, nameof(MudCheckBox<bool?>.Size), Size);
        builder.AddComponentParameter(2, nameof(MudCheckBox<bool?>.Value), AllSelected);
        builder.AddComponentParameter(3, nameof(MudCheckBox<bool?>.ValueChanged), AllSelectedChanged);
        builder.AddComponentParameter(4, nameof(MudCheckBox<bool?>.UserAttributes),
            new Dictionary<string, object?> { ["aria-label"] = "Select every machine in the view" });
        builder.CloseComponent();
    };
}
