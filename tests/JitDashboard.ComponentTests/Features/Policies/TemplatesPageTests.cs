using AngleSharp.Dom;
using Bunit;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Policies;

public class TemplatesPageTests : ComponentTestBase
{
    private readonly FakePolicyTemplateService _templates = new();

    public TemplatesPageTests()
    {
        Context.Services.AddSingleton<IPolicyTemplateService>(_templates);
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("Carol Admin");
        auth.SetClaims(new System.Security.Claims.Claim("preferred_username", "carol@contoso.test"));
        auth.SetRoles(Roles.Admin);
    }

    // Mud inputs put user attributes on the input or on a wrapper, depending on the component.
    private static IElement Input(IRenderedComponent<MudDialogProvider> dialogs, string testId, int index = 0)
    {
        var element = dialogs.FindAll($"[data-testid={testId}]")[index];
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public void List_ShowsNameDefaultFlagAndPorts()
    {
        var page = Render<TemplatesPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=template-row]").Count));
        Assert.Equal(["Defender defaults", "SSH only"], page.FindAll("[data-testid=template-name]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["Default", ""], page.FindAll("[data-testid=template-default]").Select(e => e.TextContent.Trim()));
        Assert.Equal("22/*, 3389/*, 5985/*, 5986/*", page.FindAll("[data-testid=template-ports]")[0].TextContent.Trim());
    }

    [Fact]
    public void Create_WithValidInput_CallsCreateWithThePorts_AndListsTheNewTemplate()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=template-row]").Count));

        page.Find("[data-testid=template-create]").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=port-row]")));
        Input(dialogs, "template-name-input").Change("Linux SSH");
        Input(dialogs, "port-sources").Change("10.0.0.0/8, 192.168.1.1");
        dialogs.Find("[data-testid=port-duration-8h]").Click();
        dialogs.Find("[data-testid=port-add]").Click();
        // The new row renders after the click's event: wait for it rather than race it.
        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[data-testid=port-row]").Count));
        Input(dialogs, "port-number", 1).Change("2222");
        dialogs.Find("[data-testid=template-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=template-dialog]")));
        var input = Assert.Single(_templates.Saved);
        Assert.Equal("Linux SSH", input.Name);
        Assert.Equal(2, input.Ports.Count);
        Assert.Equal(22, input.Ports[0].Number);
        Assert.Equal(["10.0.0.0/8", "192.168.1.1"], input.Ports[0].AllowedSources);
        Assert.Equal("PT8H", input.Ports[0].MaxRequestAccessDuration);
        Assert.Equal(2222, input.Ports[1].Number);
        Assert.Equal(["*"], input.Ports[1].AllowedSources);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=template-row]").Count));
    }

    [Fact]
    public void Create_WithInvalidInput_ShowsTheErrors_AndTheDialogStaysOpen()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=template-row]").Count));

        page.Find("[data-testid=template-create]").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=port-row]")));
        Input(dialogs, "port-number").Change("70000");
        Input(dialogs, "port-sources").Change("300.1.1.1/8");
        Input(dialogs, "port-duration").Change("PT4M");
        dialogs.Find("[data-testid=template-save]").Click();

        dialogs.WaitForAssertion(() =>
        {
            var text = dialogs.Find("[data-testid=template-ports-table]").TextContent;
            Assert.Contains("Port 70000 is outside 1..65535.", text, StringComparison.Ordinal);
            Assert.Contains("'300.1.1.1/8' is not '*'", text, StringComparison.Ordinal);
            Assert.Contains("must be between PT5M and PT24H", text, StringComparison.Ordinal);
        });
        Assert.Contains("A name is required.", dialogs.Find("[data-testid=template-dialog]").TextContent, StringComparison.Ordinal);
        Assert.Single(dialogs.FindAll("[data-testid=template-dialog]"));
        Assert.Equal(2, _templates.Templates.Count);
        Assert.Equal(2, page.FindAll("[data-testid=template-row]").Count);
    }

    [Fact]
    public void Delete_AsksForConfirmation_ThenDeletes()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=template-row]").Count));

        page.FindAll("[data-testid=template-delete]")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the template 'SSH only'?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(_templates.Deleted);

        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        dialogs.WaitForAssertion(() => Assert.Equal([Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001")], _templates.Deleted));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=template-row]")));
    }
}
