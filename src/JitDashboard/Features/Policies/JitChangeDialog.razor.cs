using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace JitDashboard.Features.Policies;

/// <summary>Apply or remove JIT on VMs: preview, live progress, summary with retry. Also opens an existing operation.</summary>
public sealed partial class JitChangeDialog : IDisposable
{
    private enum Step
    {
        Preview,
        Progress,
        Summary,
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _cts = new();
    private Step _step = Step.Preview;
    private IReadOnlyList<PolicyTemplate> _templates = [];
    private Guid? _templateId;
    private PolicyPlan? _plan;
    private bool _closeRules;
    private bool _loading;
    private bool _busy;
    private string? _loadError;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private Guid? _following;
    private JitOperationView? _view;
    private bool _subscribed;
    private bool _canOperate;

    [CascadingParameter] public required IMudDialogInstance MudDialog { get; set; }

    [Inject] public required IJitOperationService Operations { get; init; }

    [Inject] public required IPolicyTemplateService Templates { get; init; }

    [Inject] public required AuthenticationStateProvider Auth { get; init; }

    [Parameter] public JitOperationKind Kind { get; set; }

    [Parameter] public IReadOnlyList<string> MachineIds { get; set; } = [];

    /// <summary>When set, the dialog shows this operation's progress or summary instead of a preview.</summary>
    [Parameter] public Guid? OperationId { get; set; }

    // One title per kind: the dialog's title bar does not re-render with the steps.
    private string Title => (_view?.Kind ?? Kind) == JitOperationKind.Apply ? "Apply JIT" : "Remove JIT";

    /// <summary>The VMs that would be written: the selection less skipped ones and those already as planned.</summary>
    private int ChangingCount => _plan?.Policies.Sum(p => p.Vms.Count(v => v.Change != PlannedChange.Untouched)) ?? 0;

    private bool CanConfirm => !_loading && !_busy && _plan is { IsValid: true } && ChangingCount > 0;

    private string ConfirmText
    {
        get
        {
            var n = ChangingCount;
            var noun = n == 1 ? "VM" : "VMs";
            return Kind == JitOperationKind.Apply ? $"Apply to {n} {noun}" : $"Remove from {n} {noun}";
        }
    }

    protected override async Task OnInitializedAsync()
    {
        // Readers may open an operation from the list: they see it, but Retry is an Operator action.
        _canOperate = UserRoles.Satisfies((await Auth.GetAuthenticationStateAsync()).User, AppPolicies.Operate);
        if (OperationId is { } id)
        {
            await FollowAsync(id);
            return;
        }
        if (Kind == JitOperationKind.Apply)
        {
            _templates = await Templates.ListAsync(_cts.Token);
            _templateId = (_templates.FirstOrDefault(t => t.IsDefault) ?? (_templates.Count > 0 ? _templates[0] : null))?.Id;
        }
        await LoadPreviewAsync();
    }

    private static bool HasWarnings(PolicyPlan plan) => plan.Policies.Any(p => p.Vms.Any(v => v.Warnings.Count > 0));

    /// <summary>The rule plan needs the rules as ARM holds them: preview again with the option.</summary>
    private async Task OnCloseRulesChangedAsync(bool value)
    {
        _closeRules = value;
        await LoadPreviewAsync();
    }

    private async Task OnTemplateChangedAsync(Guid? templateId)
    {
        _templateId = templateId;
        await LoadPreviewAsync();
    }

    private async Task LoadPreviewAsync()
    {
        _loading = true;
        _loadError = null;
        _errors = new Dictionary<string, string[]>();
        StateHasChanged();
        try
        {
            _plan = await Operations.PreviewAsync(Kind, MachineIds, Kind == JitOperationKind.Apply ? _templateId : null, _closeRules && Kind == JitOperationKind.Apply, _cts.Token);
            _errors = Describe(_plan.Errors);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // ARM unreachable or refusing: say so rather than break the circuit.
            _loadError = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task ConfirmAsync()
    {
        if (!CanConfirm)
            return;
        _busy = true;
        try
        {
            var start = await Operations.StartAsync(Kind, MachineIds, Kind == JitOperationKind.Apply ? _templateId : null, await ActorAsync(), _closeRules && Kind == JitOperationKind.Apply, _cts.Token);
            if (start.OperationId is not { } id)
            {
                _errors = Describe(start.Errors);
                return;
            }
            await FollowAsync(id);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RetryFailedAsync()
    {
        if (_following is not { } id || !_canOperate)
            return;
        _busy = true;
        try
        {
            if (await Operations.RetryFailedAsync(id, await ActorAsync(), _cts.Token) is { } retry)
                await FollowAsync(retry);
        }
        finally
        {
            _busy = false;
        }
    }

    // Live progress: the service raises OperationChanged after every item; the first state is read once.
    private async Task FollowAsync(Guid id)
    {
        _following = id;
        _view = null;
        _step = Step.Progress;
        if (!_subscribed)
        {
            Operations.OperationChanged += OnOperationChanged;
            _subscribed = true;
            _ = PollAsync(_cts.Token);
        }
        var view = await Operations.GetAsync(id, _cts.Token);
        // An event may have come in meanwhile with a newer state: keep the furthest one.
        if (view is not null && (_view is null || Done(view) >= Done(_view)))
            Show(view);
    }

    // Events come from this instance's runner only; another instance may be running the operation, so read it now and then too.
    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (_following is not { } id)
                    continue;
                JitOperationView? view;
                try
                {
                    view = await Operations.GetAsync(id, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A fallback only: the next tick or event will do.
                    continue;
                }
                await InvokeAsync(() =>
                {
                    if (view is null || view.Id != _following || _view is { IsFinished: true } || (_view is not null && Done(view) < Done(_view)))
                        return;
                    Show(view);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The dialog closed.
        }
    }

    private void OnOperationChanged(JitOperationView view)
    {
        if (view.Id != _following)
            return;
        _ = InvokeAsync(() =>
        {
            if (view.Id != _following)
                return;
            Show(view);
            StateHasChanged();
        });
    }

    private void Show(JitOperationView view)
    {
        _view = view;
        _step = view.IsFinished ? Step.Summary : Step.Progress;
    }

    private static int Done(JitOperationView view) => view.Succeeded + view.Failed + view.Skipped + (view.IsFinished ? 1 : 0);

    private async Task<string> ActorAsync() => UserRoles.UserName((await Auth.GetAuthenticationStateAsync()).User);

    // Errors come keyed by "machineIds[i]": name the VM instead of its position.
    private Dictionary<string, string[]> Describe(IReadOnlyDictionary<string, string[]> errors)
    {
        var described = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var label = key;
            if (key.StartsWith("machineIds[", StringComparison.Ordinal) && key.EndsWith(']')
                && int.TryParse(key["machineIds[".Length..^1], System.Globalization.CultureInfo.InvariantCulture, out var i) && i >= 0 && i < MachineIds.Count)
                label = MachineIds[i];
            described[label] = messages;
        }
        return described;
    }

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (_step != Step.Preview)
            return;
        // Enter confirms the preview; Escape cancels it even before the dialog's own key handler is attached.
        if (e.Key == "Enter" && CanConfirm)
            await ConfirmAsync();
        else if (e.Key == "Escape")
            Cancel();
    }

    private void Cancel() => MudDialog.Cancel();

    private void Close() => MudDialog.Close(DialogResult.Ok(_following));

    internal static string TotalsText(PolicyPlan plan)
    {
        var vms = plan.Policies.SelectMany(p => p.Vms).ToList();
        var added = vms.Count(v => v.Change == PlannedChange.Added);
        var changed = vms.Count(v => v.Change == PlannedChange.Changed);
        var untouched = vms.Count(v => v.Change == PlannedChange.Untouched);
        var removed = vms.Count(v => v.Change == PlannedChange.Removed);
        var policies = plan.Policies.Count == 1 ? "1 policy" : $"{plan.Policies.Count} policies";
        var parts = plan.Kind == JitOperationKind.Apply
            ? $"{added} added, {changed} changed, {untouched} already covered"
            : $"{removed} removed, {untouched} not in a policy";
        return $"{plan.Total} selected: {parts}, {plan.Skipped.Count} skipped; {policies}.";
    }

    internal static string PolicyEffect(PolicyChange policy)
    {
        var others = policy.OtherVmsKept == 1 ? "1 other VM" : $"{policy.OtherVmsKept} other VMs";
        if (policy.DeletesPolicy) return "Deletes the policy (no VM is left in it).";
        if (!policy.Exists) return "Creates the policy.";
        if (!policy.NeedsWrite) return $"No change; keeps {others}.";
        return $"Updates the policy, keeps {others}.";
    }

    internal static string ChangeText(PlannedChange change) => change switch
    {
        PlannedChange.Added => "added",
        PlannedChange.Changed => "changed",
        PlannedChange.Untouched => "already covered",
        PlannedChange.Removed => "removed",
        _ => change.ToString(),
    };

    private static string ChangeClass(PlannedChange change) => change == PlannedChange.Untouched ? "jd-tag" : "jd-tag jd-tag-change";

    private static string ItemClass(JitOperationItemStatus status) => status switch
    {
        JitOperationItemStatus.Succeeded => "jd-allow",
        JitOperationItemStatus.Failed => "jd-deny",
        _ => "jd-muted",
    };

    internal static string StatusText(JitOperationStatus status) => status switch
    {
        JitOperationStatus.PartiallySucceeded => "partially succeeded",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static Severity SummarySeverity(JitOperationView view) =>
        view.Failed == 0 ? Severity.Success : view.Succeeded > 0 ? Severity.Warning : Severity.Error;

    private static string SummaryText(JitOperationView view) => view.Failed == 0
        ? $"Done: {view.Succeeded} succeeded, {view.Skipped} skipped. The machines list refreshes by itself."
        : $"{view.Failed} failed (see the errors below), {view.Succeeded} succeeded, {view.Skipped} skipped.";

    public void Dispose()
    {
        // The operation goes on server-side; the dialog only stops listening.
        if (_subscribed)
            Operations.OperationChanged -= OnOperationChanged;
        _cts.Cancel();
        _cts.Dispose();
    }
}
