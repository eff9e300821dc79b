using JitDashboard.Testing;

namespace JitDashboard.UnitTests.Architecture;

/// <summary>
/// One style for components: logic lives in <c>X.razor.cs</c> (a partial class beside <c>X.razor</c>). A razor file
/// may keep an <c>@code</c> block only for a parameter or two (a few lines); anything more moves to the code-behind.
/// </summary>
public sealed class CodeBehindStyleGuardTests
{
    private const int MaxCodeBlockLines = 5;

    [Fact]
    public void NoRazorFile_HoldsMoreThanAFewLinesOfCode()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var sep = Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(src, "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .Select(f => (File: f, Lines: CodeBlockLines(File.ReadAllLines(f))))
            .Where(x => x.Lines > MaxCodeBlockLines)
            .Select(x => $"{Path.GetRelativePath(RepoPaths.Root, x.File)}: @code block of {x.Lines} lines")
            .ToList();

        Assert.True(offenders.Count == 0,
            "Move the logic into a code-behind partial class (X.razor.cs):" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    /// <summary>Lines from each <c>@code {</c> to the end of the file (the block is always last in this code base).</summary>
    private static int CodeBlockLines(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("@code", StringComparison.Ordinal));
        return start < 0 ? 0 : lines.Skip(start).Count(l => !string.IsNullOrWhiteSpace(l));
    }
}
