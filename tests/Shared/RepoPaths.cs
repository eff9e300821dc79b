namespace JitDashboard.Testing;

/// <summary>Where the repository and its vendored shared material (docs/) are, found from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// docs/ in the repository: DESIGN.md, arm-contract/, estates/, copied from the team's shared folder by
    /// scripts/sync-shared.sh, so a clone of the repository alone passes its tests.
    /// </summary>
    public static string Shared { get; } = Path.Combine(Root, "docs");

    public static string SharedFile(params string[] parts) => Path.Combine([Shared, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JitDashboard.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("JitDashboard.sln not found above " + AppContext.BaseDirectory);
    }
}
