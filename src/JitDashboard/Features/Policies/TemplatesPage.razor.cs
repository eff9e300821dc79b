using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JitDashboard.Features.Policies;

/// <summary>Admin list of JIT policy templates with create, edit and delete (the service validates and audits).</summary>
public sealed partial class TemplatesPage
{
    private IReadOnlyList<PolicyTemplate>? _templates;
    private string? _error;

    [Inject] public required IPolicyTemplateService Templates { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override async Task OnInitializedAsync() => _templates = await Templates.ListAsync();

    /// <summary>"22/TCP Linux, 3389/* …": one entry per port, with its OS limit when it has one.</summary>
    public static string PortsSummary(PolicyTemplate template) =>
        string.Join(", ", template.Ports.Select(p => $"{p.Number}/{p.Protocol}{(string.IsNullOrEmpty(p.OsType) ? "" : " " + p.OsType)}"));

    private async Task<string> ActorAsync() =>
        AuthenticationState is null ? "unknown" : Actor.From((await AuthenticationState).User);

    private Task CreateAsync() => OpenEditorAsync(null, "Create template");

    private Task EditAsync(PolicyTemplate template) => OpenEditorAsync(template, "Edit template");

    private async Task OpenEditorAsync(PolicyTemplate? template, string title)
    {
        var parameters = new DialogParameters<TemplateEditDialog>
        {
            { d => d.Template, template },
            { d => d.Actor, await ActorAsync() },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<TemplateEditDialog>(title, parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false }) await ReloadAsync();
    }

    private async Task DeleteAsync(PolicyTemplate template)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete template", $"Delete the template '{template.Name}'? Policies already applied keep their ports.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        var result = await Templates.DeleteAsync(template.Id, await ActorAsync());
        _error = result.Succeeded ? null : string.Join(" ", result.Errors.SelectMany(e => e.Value));
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _templates = await Templates.ListAsync();
        StateHasChanged();
    }
}
