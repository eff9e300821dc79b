using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Access;

/// <summary>Lists, adds and deletes auto-approval rules through the same service (validation, audit) as the API.</summary>
public sealed partial class AutoApprovalRulesSection
{
    private IReadOnlyList<AutoApprovalRule>? _rules;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _name;
    private string? _role;
    private string? _resourceGroup;
    private string? _tag;
    private string? _maxDuration = "PT30M";
    private bool _saving;

    [Parameter, EditorRequired] public required AccessActor Actor { get; set; }

    [Inject] public required IAutoApprovalRuleService Rules { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync() => _rules = await Rules.ListAsync();

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorText(string field) => _errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    private async Task CreateAsync()
    {
        if (_saving) return;
        _saving = true;
        try
        {
            var result = await Rules.CreateAsync(new AutoApprovalRuleInput(_name, _role, _resourceGroup, _tag, _maxDuration, true), Actor);
            switch (result.Outcome)
            {
                case AutoApprovalRuleOutcome.Done:
                    _errors = new Dictionary<string, string[]>();
                    _name = _role = _resourceGroup = _tag = null;
                    Snackbar.Add($"Rule '{result.Rule!.Name}' added.", Severity.Success);
                    break;
                case AutoApprovalRuleOutcome.Invalid:
                    _errors = result.Errors ?? new Dictionary<string, string[]>();
                    break;
                default:
                    Snackbar.Add(result.Message ?? "Not saved.", Severity.Warning);
                    break;
            }
            _rules = await Rules.ListAsync();
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task DeleteAsync(AutoApprovalRule rule)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete auto-approval rule?",
            $"Requests matching '{rule.Name}' will wait for an approver again.", yesText: "Delete", cancelText: "Keep");
        if (confirmed != true) return;
        var result = await Rules.DeleteAsync(rule.Id, Actor);
        Snackbar.Add(result.Outcome == AutoApprovalRuleOutcome.Done ? $"Rule '{rule.Name}' deleted." : result.Message ?? "Not deleted.",
            result.Outcome == AutoApprovalRuleOutcome.Done ? Severity.Success : Severity.Warning);
        _rules = await Rules.ListAsync();
    }
}
