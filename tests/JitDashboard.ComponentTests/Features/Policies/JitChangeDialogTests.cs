using JitDashboard.Platform.Arm;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Policies;

public class JitChangeDialogTests : ComponentTestBase
{
    private const string Sub = "11111111-1111-1111-1111-111111111111";
    private static readonly string Web01 = VmId("rg-web", "web-01");
    private static readonly string Web02 = VmId("rg-web", "web-02");
    private static readonly string Legacy = VmId("rg-old", "legacy-01");

    private readonly FakeJitOperationService _operations = new();
    private readonly FakePolicyTemplateService _templates = new();
    private readonly BunitAuthorizationContext _auth;

    public JitChangeDialogTests()
    {
        Context.Services.AddSingleton<IJitOperationService>(_operations);
        Context.Services.AddSingleton<IPolicyTemplateService>(_templates);
        _auth = Context.AddAuthorization();
        _operations.Plan = SamplePlan();
    }

    private static string VmId(string rg, string name) => $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";

    private static JitPortRule Rule(int port) => new() { Number = port, Protocol = "*", AllowedSourceAddressPrefix = "*", MaxRequestAccessDuration = "PT3H" };

    private static PolicyPlan SamplePlan() => new(
        JitOperationKind.Apply,
        null,
        [
            new PolicyChange(new JitPolicyId(Sub, "rg-web", "westeurope"),
            [
                new PlannedVm(Web01, "web-01", "Linux", PlannedChange.Added, [Rule(22)], [22], ["Custom allow rule AllowSshFromOffice (priority 100) on nsg-web keeps precedence over JIT for port 22."]),
                new PlannedVm(Web02, "web-02", "Linux", PlannedChange.Untouched, [Rule(22)], [], []),
            ], OtherVmsKept: 3, Exists: true, DeletesPolicy: false),
        ],
        [new SkippedVm(Legacy, "legacy-01", "Unsupported: classic deployment.")],
        new Dictionary<string, string[]>());

    private static JitOperationView View(Guid id, JitOperationStatus status, params JitOperationResult[] results) => new(
        id, JitOperationKind.Apply, status, "alice@contoso.test", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, results.Length,
        results.Count(r => r.Status == JitOperationItemStatus.Succeeded),
        results.Count(r => r.Status == JitOperationItemStatus.Failed),
        results.Count(r => r.Status == JitOperationItemStatus.Skipped),
        results);

    private static JitOperationResult Result(string id, string name, JitOperationItemStatus status, string? error = null) => new(id, name, "policy", status, error, 1);

    private void SignIn(string role)
    {
        _auth.SetAuthorized("Alice Operator");
        _auth.SetRoles(role);
        _auth.SetClaims(new System.Security.Claims.Claim("preferred_username", "alice@contoso.test"));
    }

    /// <summary>Renders the dialog host and the actions, signs in as an Operator and opens the dialog.</summary>
    private IRenderedComponent<MudDialogProvider> OpenDialog(JitOperationKind kind = JitOperationKind.Apply, params string[] ids)
    {
        SignIn(Roles.Operator);
        var provider = Render<MudDialogProvider>();
        var actions = Context.Render<JitActions>(p => p.Add(x => x.MachineIds, ids.Length == 0 ? [Web01, Web02, Legacy] : ids));
        actions.Find(kind == JitOperationKind.Apply ? "[data-testid=jit-apply]" : "[data-testid=jit-remove]").Click();
        provider.WaitForElement("[data-testid=jit-dialog-body]");
        return provider;
    }

    [Fact]
    public void CloseRules_PreviewShowsPerRuleChange_AffectedVms_AndStartCarriesTheOption()
    {
        const string nicNsg = "/subscriptions/s/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/nsg-web-01";
        const string subnetNsg = "/subscriptions/s/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-web";
        _operations.RuleChanges =
        [
            new RuleChangePlan(nicNsg, "nsg-web-01", JitDashboard.Platform.Estate.Exposure.NsgLevel.NetworkInterface, "allow-ssh-https", 110,
                RuleChangeAction.Rewrite, ["22", "443"], ["443"], [22], [Web01], [], new System.Text.Json.Nodes.JsonObject()),
            new RuleChangePlan(subnetNsg, "nsg-snet-web", JitDashboard.Platform.Estate.Exposure.NsgLevel.Subnet, "allow-mgmt-any", 120,
                RuleChangeAction.Delete, ["22", "3389"], [], [22, 3389], [Web01], ["web-internal-01", "web-internal-02"], new System.Text.Json.Nodes.JsonObject()),
        ];
        var dialog = OpenDialog();
        dialog.WaitForAssertion(() => Assert.NotNull(dialog.Find("[data-testid=jit-close-rules]")));
        Assert.Empty(dialog.FindAll("[data-testid=jit-rule-change]"));

        var box = dialog.Find("[data-testid=jit-close-rules]");
        (box.TagName == "INPUT" ? box : dialog.Find("[data-testid=jit-rules] input[type=checkbox]")).Change(true);

        dialog.WaitForAssertion(() =>
        {
            var rows = dialog.FindAll("[data-testid=jit-rule-change]");
            Assert.Equal(2, rows.Count);
            Assert.Contains("allow-ssh-https", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Equal("Ports rewritten", rows[0].QuerySelector("[data-testid=jit-rule-action]")!.TextContent.Trim());
            Assert.Equal("22, 443", rows[0].QuerySelector("[data-testid=jit-rule-before]")!.TextContent.Trim());
            Assert.Equal("443", rows[0].QuerySelector("[data-testid=jit-rule-after]")!.TextContent.Trim());
            Assert.Contains("Deleted", rows[1].QuerySelector("[data-testid=jit-rule-action]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("subnet", rows[1].TextContent, StringComparison.Ordinal);
            var affected = dialog.Find("[data-testid=jit-rule-affected]").TextContent;
            Assert.Contains("web-internal-01, web-internal-02", affected, StringComparison.Ordinal);
        });
        Assert.Equal([false, true], _operations.CloseRulesPreviews);

        dialog.Find("[data-testid=jit-confirm]").Click();
        dialog.WaitForAssertion(() => Assert.Equal([true], _operations.CloseRulesStarts));
    }

    [Fact]
    public void Preview_ShowsPoliciesVmsWarningsAndSkippedReasons()
    {
        var dialog = OpenDialog();

        dialog.WaitForAssertion(() =>
        {
            var policy = dialog.Find("[data-testid=jit-policy]");
            Assert.Contains("rg-web", policy.TextContent, StringComparison.Ordinal);
            Assert.Contains("westeurope", policy.TextContent, StringComparison.Ordinal);
            Assert.Contains("default", policy.TextContent, StringComparison.Ordinal);
            Assert.Equal("Updates the policy, keeps 3 other VMs.", dialog.Find("[data-testid=jit-policy-effect]").TextContent.Trim());
            var vms = dialog.FindAll("[data-testid=jit-vm]");
            Assert.Equal(2, vms.Count);
            Assert.Contains("added", vms[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("already covered", vms[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("AllowSshFromOffice (priority 100)", dialog.Find("[data-testid=jit-warning]").TextContent, StringComparison.Ordinal);
            Assert.Contains("legacy-01", dialog.Find("[data-testid=jit-skipped-vm]").TextContent, StringComparison.Ordinal);
            Assert.Contains("Unsupported: classic deployment.", dialog.Find("[data-testid=jit-skipped-vm]").TextContent, StringComparison.Ordinal);
            Assert.Contains("1 added, 0 changed, 1 already covered, 1 skipped", dialog.Find("[data-testid=jit-totals]").TextContent, StringComparison.Ordinal);
            // Only the VM that changes counts.
            Assert.Equal("Apply to 1 VM", dialog.Find("[data-testid=jit-confirm]").TextContent.Trim());
        });
        Assert.Equal(PolicyTemplateDefaults.DefenderDefaultId, _operations.Previews.Single().TemplateId);
    }

    [Fact]
    public void Preview_NothingToChange_DisablesApply()
    {
        _operations.Plan = SamplePlan() with { Policies = [] };

        var dialog = OpenDialog();

        dialog.WaitForAssertion(() => Assert.True(dialog.Find("[data-testid=jit-confirm]").HasAttribute("disabled")));
    }

    [Fact]
    public async Task Apply_StartsWithTheSelectedIdsAndTheChosenTemplate()
    {
        var ssh = _templates.Templates[1].Id;
        var id = Guid.NewGuid();
        _operations.StartResult = new JitOperationStart(id, new Dictionary<string, string[]>());
        _operations.Views[id] = View(id, JitOperationStatus.Running, Result(Web01, "web-01", JitOperationItemStatus.Pending));
        var dialog = OpenDialog();
        dialog.WaitForElement("[data-testid=jit-vm]");

        var select = dialog.FindComponent<MudSelect<Guid?>>();
        await dialog.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ssh));
        dialog.WaitForAssertion(() => Assert.Equal(ssh, _operations.Previews[^1].TemplateId));
        dialog.Find("[data-testid=jit-confirm]").Click();

        dialog.WaitForElement("[data-testid=jit-progress]");
        var start = Assert.Single(_operations.Starts);
        Assert.Equal(JitOperationKind.Apply, start.Kind);
        Assert.Equal([Web01, Web02, Legacy], start.Ids);
        Assert.Equal(ssh, start.TemplateId);
        Assert.Equal("alice@contoso.test", start.Actor);
        Assert.Contains("continues on the server", dialog.Find("[data-testid=jit-continues]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ValidationErrors_AreShownAndNothingStarts()
    {
        _operations.StartResult = new JitOperationStart(null, new Dictionary<string, string[]> { ["machineIds[1]"] = ["Unknown machine id."] });
        var dialog = OpenDialog();
        dialog.WaitForElement("[data-testid=jit-vm]");

        dialog.Find("[data-testid=jit-confirm]").Click();

        dialog.WaitForAssertion(() =>
        {
            var error = dialog.Find("[data-testid=jit-error]");
            Assert.Contains(Web02, error.TextContent, StringComparison.Ordinal);
            Assert.Contains("Unknown machine id.", error.TextContent, StringComparison.Ordinal);
        });
        Assert.Contains("Nothing was started", dialog.Find("[data-testid=jit-errors]").TextContent, StringComparison.Ordinal);
        Assert.Empty(dialog.FindAll("[data-testid=jit-progress]"));
        Assert.Equal(0, _operations.GetCount);
    }

    [Fact]
    public void Progress_UpdatesLiveAndEndsInTheSummary()
    {
        var id = Guid.NewGuid();
        _operations.StartResult = new JitOperationStart(id, new Dictionary<string, string[]>());
        _operations.Views[id] = View(id, JitOperationStatus.Running,
            Result(Web01, "web-01", JitOperationItemStatus.Pending), Result(Web02, "web-02", JitOperationItemStatus.Pending));
        var dialog = OpenDialog();
        dialog.WaitForElement("[data-testid=jit-vm]");
        dialog.Find("[data-testid=jit-confirm]").Click();
        dialog.WaitForAssertion(() => Assert.StartsWith("0 of 2 done", dialog.Find("[data-testid=jit-progress-text]").TextContent.Trim(), StringComparison.Ordinal));

        _operations.Raise(View(id, JitOperationStatus.Running,
            Result(Web01, "web-01", JitOperationItemStatus.Succeeded), Result(Web02, "web-02", JitOperationItemStatus.Pending)));
        dialog.WaitForAssertion(() => Assert.StartsWith("1 of 2 done", dialog.Find("[data-testid=jit-progress-text]").TextContent.Trim(), StringComparison.Ordinal));

        // Another operation's progress is ignored.
        _operations.Raise(View(Guid.NewGuid(), JitOperationStatus.Succeeded, Result(Legacy, "legacy-01", JitOperationItemStatus.Succeeded)));
        _operations.Raise(View(id, JitOperationStatus.Succeeded,
            Result(Web01, "web-01", JitOperationItemStatus.Succeeded), Result(Web02, "web-02", JitOperationItemStatus.Succeeded)));

        dialog.WaitForAssertion(() =>
        {
            Assert.Contains("2 succeeded", dialog.Find("[data-testid=jit-summary]").TextContent, StringComparison.Ordinal);
            Assert.Empty(dialog.FindAll("[data-testid=jit-retry]"));
        });
    }

    [Fact]
    public void Summary_ShowsFailuresWithTheErrorAndRetryFollowsTheNewOperation()
    {
        var id = Guid.NewGuid();
        var retry = Guid.NewGuid();
        _operations.StartResult = new JitOperationStart(id, new Dictionary<string, string[]>());
        _operations.Views[id] = View(id, JitOperationStatus.PartiallySucceeded,
            Result(Web01, "web-01", JitOperationItemStatus.Succeeded),
            Result(Web02, "web-02", JitOperationItemStatus.Failed, "AuthorizationFailed: The client may not write policies."),
            Result(Legacy, "legacy-01", JitOperationItemStatus.Skipped, "Unsupported: classic deployment."));
        _operations.Views[retry] = View(retry, JitOperationStatus.Running, Result(Web02, "web-02", JitOperationItemStatus.Pending));
        _operations.RetryResult = retry;
        var dialog = OpenDialog();
        dialog.WaitForElement("[data-testid=jit-vm]");
        dialog.Find("[data-testid=jit-confirm]").Click();

        dialog.WaitForAssertion(() =>
        {
            Assert.Contains("1 failed", dialog.Find("[data-testid=jit-summary]").TextContent, StringComparison.Ordinal);
            var failed = dialog.FindAll("[data-testid=jit-result]").Single(r => r.GetAttribute("data-status") == "Failed");
            Assert.Contains("AuthorizationFailed: The client may not write policies.", failed.TextContent, StringComparison.Ordinal);
            var skipped = dialog.FindAll("[data-testid=jit-result]").Single(r => r.GetAttribute("data-status") == "Skipped");
            Assert.Contains("classic deployment", skipped.TextContent, StringComparison.Ordinal);
        });

        dialog.Find("[data-testid=jit-retry]").Click();

        dialog.WaitForAssertion(() => Assert.StartsWith("0 of 1 done", dialog.Find("[data-testid=jit-progress-text]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.Equal((id, "alice@contoso.test"), Assert.Single(_operations.Retries));
        // Now follows the retry: its progress shows.
        _operations.Raise(View(retry, JitOperationStatus.Succeeded, Result(Web02, "web-02", JitOperationItemStatus.Succeeded)));
        dialog.WaitForAssertion(() => Assert.Contains("1 succeeded", dialog.Find("[data-testid=jit-summary]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Remove_PreviewsARemoval()
    {
        _operations.Plan = new PolicyPlan(JitOperationKind.Remove, null,
            [new PolicyChange(new JitPolicyId(Sub, "rg-web", "westeurope"), [new PlannedVm(Web01, "web-01", "Linux", PlannedChange.Removed, [], [], [])], 0, true, DeletesPolicy: true)],
            [], new Dictionary<string, string[]>());

        var dialog = OpenDialog(JitOperationKind.Remove, Web01);

        dialog.WaitForAssertion(() =>
        {
            Assert.Equal("Remove from 1 VM", dialog.Find("[data-testid=jit-confirm]").TextContent.Trim());
            Assert.Contains("Deletes the policy", dialog.Find("[data-testid=jit-policy-effect]").TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(dialog.FindAll("[data-testid=jit-template]"));
        Assert.Null(_operations.Previews.Single().TemplateId);
    }

    [Fact]
    public void Closing_StopsListeningButNotTheOperation()
    {
        var id = Guid.NewGuid();
        _operations.StartResult = new JitOperationStart(id, new Dictionary<string, string[]>());
        _operations.Views[id] = View(id, JitOperationStatus.Running, Result(Web01, "web-01", JitOperationItemStatus.Pending));
        var dialog = OpenDialog();
        dialog.WaitForElement("[data-testid=jit-vm]");
        dialog.Find("[data-testid=jit-confirm]").Click();
        dialog.WaitForElement("[data-testid=jit-progress]");
        Assert.Equal(1, _operations.Subscribers);

        dialog.Find("[data-testid=jit-close]").Click();

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-testid=jit-dialog-body]")));
        Assert.Equal(0, _operations.Subscribers);
    }

    [Fact]
    public void Keyboard_EscapeCancelsThePreviewAndEnterConfirms()
    {
        var dialog = OpenDialog();
        dialog.WaitForElement("[data-testid=jit-vm]");

        dialog.Find("[data-testid=jit-dialog-body]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-testid=jit-dialog-body]")));
        Assert.Empty(_operations.Starts);

        var id = Guid.NewGuid();
        _operations.StartResult = new JitOperationStart(id, new Dictionary<string, string[]>());
        _operations.Views[id] = View(id, JitOperationStatus.Running, Result(Web01, "web-01", JitOperationItemStatus.Pending));
        Context.Render<JitActions>(p => p.Add(x => x.MachineIds, [Web01])).Find("[data-testid=jit-apply]").Click();
        dialog.WaitForElement("[data-testid=jit-vm]");

        dialog.Find("[data-testid=jit-dialog-body]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        dialog.WaitForElement("[data-testid=jit-progress]");
        Assert.Equal([Web01], Assert.Single(_operations.Starts).Ids);
    }

    [Theory]
    [InlineData(Roles.Reader, false)]
    [InlineData(Roles.Approver, false)]
    [InlineData(Roles.Operator, true)]
    [InlineData(Roles.Admin, true)]
    public void Actions_ShownOnlyToOperatorsAndAdmins(string role, bool shown)
    {
        SignIn(role);

        var actions = Render<JitActions>(p => p.Add(x => x.MachineIds, [Web01]));

        Assert.Equal(shown, actions.FindAll("[data-testid=jit-apply]").Count == 1);
        Assert.Equal(shown, actions.FindAll("[data-testid=jit-remove]").Count == 1);
    }
}
