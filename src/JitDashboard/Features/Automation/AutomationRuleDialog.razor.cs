using System.Security.Claims;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Automation;

/// <summary>Create or edit a rule; the service validates (per-field errors shown under each field) and audits.</summary>
public sealed partial class AutomationRuleDialog
{
    private const string DefaultTemplate = "";

    private string _name = "";
    private AutomationMode _mode = AutomationMode.DryRun;
    private string _templateId = DefaultTemplate;
    private int _max = AutomationRuleValidator.DefaultMaxActionsPerRun;
    private string _subscriptions = "";
    private string _groups = "";
    private string _tags = "";
    private string _excludeTags = "jit-exempt=true";
    private string _excludeIds = "";
    private bool _exposure = true;
    private bool _assessment = true;
    private bool _webhook = true;
    private bool _enabled = true;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Inject] public required IAutomationService Automation { get; init; }

    /// <summary>The rule to edit; null creates one.</summary>
    [Parameter] public AutomationRule? Rule { get; set; }

    [Parameter] public IReadOnlyList<PolicyTemplate> Templates { get; set; } = [];

    [Parameter] public ClaimsPrincipal User { get; set; } = new();

    protected override void OnInitialized()
    {
        if (Rule is not { } r) return;
        _name = r.Name;
        _mode = r.Mode;
        _templateId = r.TemplateId?.ToString() ?? DefaultTemplate;
        _max = r.MaxActionsPerRun;
        _subscriptions = string.Join(", ", r.Scope.SubscriptionIds);
        _groups = string.Join(", ", r.Scope.ResourceGroups);
        _tags = FormatTags(r.Scope.Tags);
        _excludeTags = FormatTags(r.Exclusions.Tags);
        _excludeIds = string.Join("\n", r.Exclusions.MachineIds);
        _exposure = r.Triggers.Exposure;
        _assessment = r.Triggers.Assessment;
        _webhook = r.Triggers.Webhook;
        _enabled = r.Enabled;
    }

    public static string FormatTags(IReadOnlyDictionary<string, string> tags) => string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));

    public static List<string> SplitList(string? text) =>
        (text ?? "").Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>"a=b, c=d"; an entry without '=' becomes a tag name with an empty value (the validator accepts it; it matches the empty value).</summary>
    public static Dictionary<string, string> ParseTags(string? text)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in SplitList(text))
        {
            var i = entry.IndexOf('=', StringComparison.Ordinal);
            tags[i < 0 ? entry : entry[..i].Trim()] = i < 0 ? "" : entry[(i + 1)..].Trim();
        }
        return tags;
    }

    private bool Has(string prefix) => _errors.Keys.Any(k => k == prefix || k.StartsWith(prefix + "[", StringComparison.Ordinal) || k.StartsWith(prefix + ".", StringComparison.Ordinal));

    private string Err(string prefix) => string.Join(" ", _errors
        .Where(e => e.Key == prefix || e.Key.StartsWith(prefix + "[", StringComparison.Ordinal) || e.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
        .SelectMany(e => e.Value));

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var input = new AutomationRuleInput(
                _name, _enabled,
                new AutomationScopeInput(SplitList(_subscriptions), SplitList(_groups), ParseTags(_tags)),
                new AutomationExclusionsInput(ParseTags(_excludeTags), SplitList(_excludeIds)),
                _templateId == DefaultTemplate ? null : _templateId,
                _mode.ToString(),
                new AutomationTriggersInput(_exposure, _assessment, _webhook),
                _max);
            var result = await Automation.SaveRuleAsync(Rule?.Id, input, User);
            _errors = result.Errors;
            if (result.Succeeded) MudDialog.Close(DialogResult.Ok(result.Rule));
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
