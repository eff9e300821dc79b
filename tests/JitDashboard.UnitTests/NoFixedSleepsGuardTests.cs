using System.Text.RegularExpressions;
using JitDashboard.Testing;

namespace JitDashboard.UnitTests;

/// <summary>
/// No fixed sleeps in the tests: time-dependent tests advance a FakeTimeProvider, tests of an asynchronous outcome
/// wait on the app's event or on the one bounded poll (tests/Shared/Eventually.cs); browser tests wait for the page's
/// transitions to end (Transitions.SettleAsync), never a fixed Playwright timeout. The benchmarks too: they time
/// real work, and wait for it by its own event (an activity's end, a change event, an induced GC), never a pause.
/// </summary>
public sealed partial class NoFixedSleepsGuardTests
{
    // Spelled in two parts so that this file does not match itself.
    [GeneratedRegex(@"\b(Task\.Delay|Thread\.Sleep|WaitForTimeoutAsync)" + @"\(")]
    private static partial Regex Sleep();

    [Fact]
    public void NoTaskDelayOrThreadSleep_InTheTests()
    {
        var tests = Path.Combine(RepoPaths.Root, "tests");
        var sep = Path.DirectorySeparatorChar;
        var excluded = new[]
        {
            Path.Combine(tests, "Shared", "Eventually.cs"),
        };
        var offenders = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .Where(f => !excluded.Any(e => f.StartsWith(e, StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => Sleep().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0,
            "Fixed sleeps in the tests (advance a FakeTimeProvider, wait on the app's event, use Eventually.WaitAsync, or in the browser Transitions.SettleAsync):"
            + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }
}
