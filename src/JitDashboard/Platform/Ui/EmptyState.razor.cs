using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Platform.Ui;

public sealed partial class EmptyState
{
    [Parameter, EditorRequired] public string Title { get; set; } = "";

    [Parameter] public string Icon { get; set; } = Icons.Material.Filled.Info;

    /// <summary>The title's element, so the page's heading outline stays in order (h1 when it is the whole page).</summary>
    [Parameter] public string HeadingTag { get; set; } = "h2";

    [Parameter] public RenderFragment? ChildContent { get; set; }
}
