using System.Text.RegularExpressions;
using JitDashboard.Testing;

namespace JitDashboard.UnitTests.Architecture;

/// <summary>
/// A component's <c>InvokeAsync</c> is always awaited (or returned): a discarded one loses its failure, or, thrown on a
/// background thread, kills the circuit. A callback from a service, timer or navigation event is an <c>async void</c>
/// handler that awaits <c>InvokeAsync</c> and hands any failure to <c>DispatchExceptionAsync</c>, so it reaches the
/// layout's error boundary (Platform/Ui/PageError.razor).
/// </summary>
public sealed partial class ComponentCallbackGuardTests
{
    // The component's own InvokeAsync (not JS.InvokeAsync or an EventCallback's), and what precedes it on its line.
    [GeneratedRegex(@"(?<before>[^\n]*?)(?<![\w.])InvokeAsync\s*[(<]")]
    private static partial Regex BareInvoke();

    [GeneratedRegex(@"\b_\s*=\s*[\w.]*InvokeAsync\s*[(<]")]
    private static partial Regex DiscardedInvoke();

    [GeneratedRegex(@"(\bawait|\breturn)\s*$")]
    private static partial Regex AwaitedOrReturned();

    [GeneratedRegex(@"^(?<indent>[ \t]*)[\w\s]*\basync\s+void\s+(?<name>\w+)\s*\(", RegexOptions.Multiline)]
    private static partial Regex AsyncVoid();

    private static IEnumerable<string> SourceFiles()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal));
    }

    private static string Where(string file, int line, string text) => $"{Path.GetRelativePath(RepoPaths.Root, file)}:{line}: {text.Trim()}";

    /// <summary>The rule applied to one file's text; returns the offending lines.</summary>
    public static IEnumerable<(int Line, string Text)> UnawaitedInvokes(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                continue;
            if (DiscardedInvoke().IsMatch(line))
            {
                yield return (i + 1, line);
                continue;
            }
            foreach (Match m in BareInvoke().Matches(line))
            {
                if (!AwaitedOrReturned().IsMatch(m.Groups["before"].Value))
                {
                    yield return (i + 1, line);
                    break;
                }
            }
        }
    }

    /// <summary>Every async void method must catch and dispatch: an exception escaping one ends the process.</summary>
    public static IEnumerable<(int Line, string Text)> UndispatchedAsyncVoids(string text)
    {
        foreach (Match m in AsyncVoid().Matches(text))
        {
            var indent = m.Groups["indent"].Value;
            var end = text.IndexOf("\n" + indent + "}", m.Index, StringComparison.Ordinal);
            var body = end < 0 ? text[m.Index..] : text[m.Index..end];
            if (!body.Contains("catch (Exception", StringComparison.Ordinal) || !body.Contains("await DispatchExceptionAsync(", StringComparison.Ordinal))
            {
                var line = text.AsSpan(0, m.Index).Count('\n') + 1;
                yield return (line, text.Split('\n')[line - 1]);
            }
        }
    }

    [Fact]
    public void EveryInvokeAsync_InTheSource_IsAwaitedOrReturned()
    {
        var offenders = SourceFiles()
            .SelectMany(f => UnawaitedInvokes(File.ReadAllText(f)).Select(o => Where(f, o.Line, o.Text)))
            .ToList();

        Assert.True(offenders.Count == 0,
            "InvokeAsync not awaited (make the handler async, await InvokeAsync, catch and await DispatchExceptionAsync):"
            + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void EveryAsyncVoidHandler_InTheSource_DispatchesItsFailure()
    {
        var offenders = SourceFiles()
            .SelectMany(f => UndispatchedAsyncVoids(File.ReadAllText(f)).Select(o => Where(f, o.Line, o.Text)))
            .ToList();

        Assert.True(offenders.Count == 0,
            "async void without catch (Exception ...) { await DispatchExceptionAsync(...) }:"
            + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Theory]
    [InlineData("    private void OnChanged() => _ = InvokeAsync(StateHasChanged);")]
    [InlineData("        _ = InvokeAsync(async () =>")]
    [InlineData("    private void OnChanged() => InvokeAsync(StateHasChanged);")]
    [InlineData("        InvokeAsync(StateHasChanged);")]
    [InlineData("        var pending = InvokeAsync(ReloadAsync);")]
    public void TheRule_FindsAnUnawaitedInvoke(string line) => Assert.Single(UnawaitedInvokes(line));

    [Theory]
    [InlineData("            await InvokeAsync(StateHasChanged);")]
    [InlineData("                if (++_n % 5 == 0) await InvokeAsync(ReloadAsync);")]
    [InlineData("        return InvokeAsync(StateHasChanged);")]
    [InlineData("            _prefs = await JS.InvokeAsync<IJSObjectReference>(\"import\", Module);")]
    [InlineData("    private Task CloseAsync() => OnClose.InvokeAsync();")]
    [InlineData("    // _ = InvokeAsync(StateHasChanged) would lose the failure")]
    public void TheRule_AcceptsAnAwaitedInvoke(string line) => Assert.Empty(UnawaitedInvokes(line));

    [Fact]
    public void TheRule_FindsAnAsyncVoid_ThatDoesNotDispatch()
    {
        const string lost = "    private async void OnChanged()\n    {\n        await InvokeAsync(StateHasChanged);\n    }\n";
        const string dispatched = "    private async void OnChanged()\n    {\n        try\n        {\n            await InvokeAsync(StateHasChanged);\n        }\n"
            + "        catch (Exception ex)\n        {\n            await DispatchExceptionAsync(ex);\n        }\n    }\n";

        Assert.Single(UndispatchedAsyncVoids(lost));
        Assert.Empty(UndispatchedAsyncVoids(dispatched));
    }
}
