using System.Reflection;
using System.Text.RegularExpressions;
using JitDashboard.Hosting;
using JitDashboard.Testing;
using Microsoft.Extensions.Options;

namespace JitDashboard.UnitTests.Architecture;

/// <summary>
/// One options style: each settings section is a class with a <c>SectionName</c>, checked by one
/// <see cref="IValidateOptions{TOptions}"/> class and registered with <c>AddValidatedOptions</c> (which adds
/// <c>ValidateOnStart</c>). The sections read together by <see cref="JitDashboardSettings"/> (Mode, Arm, AzureAd,
/// Authentication) are validated by its validator, as one list. No inline <c>.Validate(lambda)</c>, no data annotations.
/// </summary>
public sealed partial class OptionsStyleGuardTests
{
    private static readonly Assembly App = typeof(JitDashboardSettings).Assembly;

    // Spelled in parts so that this file does not match itself.
    [GeneratedRegex(@"\.Validate" + @"\(\s*\(?\s*\w+\s*\)?\s*=>|ValidateData" + @"Annotations\(")]
    private static partial Regex OtherStyles();

    private static IEnumerable<Type> Sections() => App.GetTypes()
        .Where(t => t.IsClass && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    private static bool HasValidator(Type options) => App.GetTypes()
        .Any(t => t.IsClass && !t.IsAbstract && typeof(IValidateOptions<>).MakeGenericType(options).IsAssignableFrom(t));

    [Fact]
    public void EverySection_HasAnIValidateOptionsClass_OrIsPartOfTheCombinedSettings()
    {
        var combined = typeof(JitDashboardSettings).GetProperties().Select(p => p.PropertyType).ToHashSet();
        var sections = Sections().ToList();
        var missing = sections.Where(t => !combined.Contains(t) && !HasValidator(t)).Select(t => t.FullName).ToList();

        Assert.True(sections.Count >= 10, $"Only {sections.Count} sections found: the scan no longer sees them.");
        Assert.True(missing.Count == 0, "Options without an IValidateOptions class: " + string.Join(", ", missing));
    }

    [Fact]
    public void NoInlineValidationOrDataAnnotations_InTheApp()
    {
        var src = Path.Combine(RepoPaths.Root, "src", "JitDashboard");
        var sep = Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => OtherStyles().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0,
            "Validate options with an IValidateOptions class registered by AddValidatedOptions:" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }
}
