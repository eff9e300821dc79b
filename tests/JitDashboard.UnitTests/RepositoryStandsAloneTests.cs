using JitDashboard.Testing;

namespace JitDashboard.UnitTests;

/// <summary>A clone of the repository alone builds and passes: nothing reaches for the team's ../shared folder.</summary>
public sealed class RepositoryStandsAloneTests
{
    [Fact]
    public void NothingInSrcTestsOrTestSh_ReadsOutsideTheRepository()
    {
        var files = new[] { "src", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains("node_modules", StringComparison.Ordinal)
                        && Path.GetExtension(f) is ".cs" or ".razor" or ".json" or ".sh" or ".csproj" or ".props" or ".mjs" or ".js")
            .Append(Path.Combine(RepoPaths.Root, "test.sh"))
            .Where(f => !f.EndsWith(nameof(RepositoryStandsAloneTests) + ".cs", StringComparison.Ordinal));

        var offenders = files.Where(f =>
        {
            var text = File.ReadAllText(f);
            return text.Contains("../shared", StringComparison.Ordinal) || text.Contains("\"..\", \"shared\"", StringComparison.Ordinal);
        }).Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("DESIGN.md")]
    [InlineData("arm-contract/README.md")]
    [InlineData("estates/sample-estate.json")]
    public void VendoredMaterial_IsInDocs(string relative)
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Shared, relative)), relative);
        Assert.StartsWith(RepoPaths.Root, RepoPaths.Shared, StringComparison.Ordinal);
    }
}
