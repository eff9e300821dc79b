using JitDashboard.Features.Automation;

namespace JitDashboard.UnitTests.Features.Automation;

public sealed class AutomationRuleValidatorTests
{
    private static readonly Guid Template = Guid.NewGuid();

    private static AutomationRuleInput Valid() => new(
        "Prod exposure", true,
        new AutomationScopeInput(["00000000-0000-0000-0000-00000000000a"], ["rg-web"], new() { ["env"] = "prod" }),
        new AutomationExclusionsInput(new() { ["jit-exempt"] = "true" }, ["/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1"]),
        Template.ToString(), "Apply", new AutomationTriggersInput(true, false, true), 25);

    [Fact]
    public void ValidInput_BecomesTheRule()
    {
        var (rule, errors) = AutomationRuleValidator.Validate(Valid(), [Template]);

        Assert.Empty(errors);
        Assert.NotNull(rule);
        Assert.Equal("Prod exposure", rule.Name);
        Assert.Equal(Template, rule.TemplateId);
        Assert.Equal(AutomationMode.Apply, rule.Mode);
        Assert.False(rule.Triggers.Assessment);
        Assert.Equal(25, rule.MaxActionsPerRun);
        Assert.Equal("true", rule.Exclusions.Tags["JIT-EXEMPT"]);
    }

    [Fact]
    public void EveryBadField_GetsItsOwnMessage()
    {
        var input = Valid() with
        {
            Name = "  ",
            Scope = new AutomationScopeInput(["00000000-0000-0000-0000-00000000000a", "not-a-guid"], [""], null),
            Exclusions = new AutomationExclusionsInput(null, ["vm-1"]),
            TemplateId = Guid.NewGuid().ToString(),
            Mode = "Sometimes",
            MaxActionsPerRun = 0,
        };

        var (rule, errors) = AutomationRuleValidator.Validate(input, [Template]);

        Assert.Null(rule);
        Assert.Equal(
            ["exclusions.machineIds[0]", "maxActionsPerRun", "mode", "name", "scope.resourceGroups[0]", "scope.subscriptionIds[1]", "templateId"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Unknown template", errors["templateId"][0]);
    }

    [Theory]
    [InlineData("nope", "not a template id")]
    [InlineData(null, null)]
    public void TemplateId_IsOptional_ButMustBeAGuid(string? templateId, string? error)
    {
        var (_, errors) = AutomationRuleValidator.Validate(Valid() with { TemplateId = templateId }, [Template]);
        if (error is null) Assert.Empty(errors);
        else Assert.Contains(error, errors["templateId"][0]);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    [InlineData(-5, false)]
    public void MaxActionsPerRun_IsFrom1To1000(int max, bool ok)
    {
        var (_, errors) = AutomationRuleValidator.Validate(Valid() with { MaxActionsPerRun = max }, [Template]);
        Assert.Equal(ok, !errors.ContainsKey("maxActionsPerRun"));
    }

    [Fact]
    public void ModeIsRequired_AndNumbersAreNotModes()
    {
        Assert.True(AutomationRuleValidator.Validate(Valid() with { Mode = null }, [Template]).Errors.ContainsKey("mode"));
        Assert.True(AutomationRuleValidator.Validate(Valid() with { Mode = "1" }, [Template]).Errors.ContainsKey("mode"));
        Assert.Equal(AutomationMode.DryRun, AutomationRuleValidator.Validate(Valid() with { Mode = "dryrun" }, [Template]).Rule!.Mode);
    }
}
