using System.Globalization;
using System.Security.Claims;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace JitDashboard.Features.Automation;

/// <summary>Rules (Admin edits), "Run now", proposals waiting for approval, and the run history with filters.</summary>
public sealed partial class AutomationPage
{
    private const string All = "";

    private IReadOnlyList<AutomationRuleView>? _rules;
    private IReadOnlyList<AutomationRun>? _runs;
    private IReadOnlyList<PendingProposal>? _pending;
    private IReadOnlyList<PolicyTemplate> _templates = [];
    private Guid? _openRun;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private string _filterRule = All;
    private string _filterTrigger = All;
    private string _filterStatus = All;
    private string? _filterFrom;
    private string? _filterTo;

    [Inject] public required IAutomationService Automation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool _isAdmin;

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = UserRoles.Satisfies(await UserAsync(), AppPolicies.Administer);
        Automation.Changed += OnChanged;
        await ReloadAsync();
    }

    public void Dispose() => Automation.Changed -= OnChanged;

    // Another circuit or the automation loop changed something: show it.
    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        await ReloadAsync();
        StateHasChanged();
    });

    private async Task<ClaimsPrincipal> UserAsync() => AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

    private async Task ReloadAsync()
    {
        _rules = await Automation.ListRulesAsync();
        _templates = await Automation.ListTemplatesAsync();
        _pending = await Automation.ListPendingAsync();
        _runs = await Automation.ListRunsAsync(Filter());
    }

    /// <summary>The filters as the query takes them; dates are whole UTC days.</summary>
    private AutomationRunFilter Filter() => new(
        Guid.TryParse(_filterRule, out var rule) ? rule : null,
        Enum.TryParse<AutomationTrigger>(_filterTrigger, out var trigger) ? trigger : null,
        Enum.TryParse<AutomationRunStatus>(_filterStatus, out var status) ? status : null,
        ParseDay(_filterFrom),
        ParseDay(_filterTo)?.AddDays(1).AddTicks(-1),
        Take: 100);

    private static DateTimeOffset? ParseDay(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero)
            : null;

    private async Task FilterAsync(Action set)
    {
        set();
        _runs = await Automation.ListRunsAsync(Filter());
    }

    private void Toggle(Guid id) => _openRun = _openRun == id ? null : id;

    private void KeyToggle(KeyboardEventArgs e, Guid id)
    {
        if (e.Key is "Enter" or " ") Toggle(id);
    }

    private Task CreateAsync() => OpenEditorAsync(null, "Create rule");

    private Task EditAsync(AutomationRule rule) => OpenEditorAsync(rule, "Edit rule");

    private async Task OpenEditorAsync(AutomationRule? rule, string title)
    {
        var parameters = new DialogParameters<AutomationRuleDialog>
        {
            { d => d.Rule, rule },
            { d => d.Templates, _templates },
            { d => d.User, await UserAsync() },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<AutomationRuleDialog>(title, parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Say($"Rule saved.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task ToggleAsync(AutomationRule rule, bool enabled)
    {
        if (!await Automation.SetEnabledAsync(rule.Id, enabled, await UserAsync()))
            Say("The rule was not changed (it may have been deleted, or your role may not change rules).", Severity.Error);
        await ReloadAsync();
    }

    private async Task DeleteAsync(AutomationRule rule)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete rule", $"Delete the rule '{rule.Name}'? Its run history stays.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        if (!await Automation.DeleteRuleAsync(rule.Id, await UserAsync())) Say("The rule was not deleted.", Severity.Error);
        await ReloadAsync();
    }

    private async Task RunNowAsync(AutomationRule rule)
    {
        var run = await Automation.RunNowAsync(rule.Id, await UserAsync());
        if (run is null)
        {
            Say($"'{rule.Name}' did not run.", Severity.Error);
        }
        else
        {
            Say(run.Status == AutomationRunStatus.NoMatch ? $"'{rule.Name}': the scope matches no VM." : $"'{rule.Name}' ran: {run.Status}.",
                run.Status == AutomationRunStatus.NoMatch ? Severity.Warning : Severity.Info);
            _openRun = run.Id;
        }
        await ReloadAsync();
    }

    private async Task DecideAsync(PendingProposal proposal, bool approve)
    {
        if (!await Automation.DecideAsync(proposal.Action.Id, approve, await UserAsync()))
            Say("That proposal was already decided.", Severity.Warning);
        await ReloadAsync();
    }

    private void Say(string text, Severity severity)
    {
        _message = text;
        _messageSeverity = severity;
    }

    public static string ModeText(AutomationMode mode) => mode switch
    {
        AutomationMode.Apply => "Apply",
        AutomationMode.RequireApproval => "Require approval",
        _ => "Dry run",
    };

    public static string TriggersText(AutomationTriggers t)
    {
        var on = new List<string>();
        if (t.Exposure) on.Add("Exposure");
        if (t.Assessment) on.Add("Assessment");
        if (t.Webhook) on.Add("Webhook");
        return on.Count == 0 ? "Manual only" : string.Join(", ", on);
    }

    public static string ScopeText(AutomationRule rule)
    {
        var parts = new List<string>();
        if (rule.Scope.SubscriptionIds.Count > 0) parts.Add($"{rule.Scope.SubscriptionIds.Count} subscription(s)");
        if (rule.Scope.ResourceGroups.Count > 0) parts.Add(string.Join(", ", rule.Scope.ResourceGroups));
        if (rule.Scope.Tags.Count > 0) parts.Add(AutomationRuleDialog.FormatTags(rule.Scope.Tags));
        var scope = parts.Count == 0 ? "Everything" : string.Join("; ", parts);
        var excluded = rule.Exclusions.Tags.Count + rule.Exclusions.MachineIds.Count > 0
            ? $" · except {string.Join(", ", rule.Exclusions.Tags.Select(t => $"{t.Key}={t.Value}").Concat(rule.Exclusions.MachineIds.Count > 0 ? [$"{rule.Exclusions.MachineIds.Count} VM(s)"] : []))}"
            : "";
        return scope + excluded;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static Color StatusColor(AutomationRunStatus status) => status switch
    {
        AutomationRunStatus.Succeeded => Color.Success,
        AutomationRunStatus.Failed => Color.Error,
        AutomationRunStatus.PartiallySucceeded or AutomationRunStatus.NoMatch => Color.Warning,
        AutomationRunStatus.AwaitingApproval or AutomationRunStatus.Running => Color.Info,
        _ => Color.Default,
    };
}
