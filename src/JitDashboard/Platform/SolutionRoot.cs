namespace JitDashboard.Platform;

/// <summary>Finds the repository when the app runs from a checkout (dotnet run, tests): defaults such as the SQLite file live there.</summary>
public static class SolutionRoot
{
    public const string SolutionFileName = "JitDashboard.sln";

    /// <summary>Walks up from each start folder to the first one holding the solution file.</summary>
    public static string? Find(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                    return dir.FullName;
            }
        }

        return null;
    }
}
