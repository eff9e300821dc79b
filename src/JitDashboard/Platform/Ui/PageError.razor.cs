using JitDashboard.Platform.Persistence;
using Microsoft.AspNetCore.Components;

namespace JitDashboard.Platform.Ui;

public sealed partial class PageError
{
    [Parameter, EditorRequired] public required Exception Error { get; set; }

    [Parameter] public EventCallback OnRetry { get; set; }

    private bool DatabaseDown => DatabaseFailures.IsUnavailable(Error);
}
