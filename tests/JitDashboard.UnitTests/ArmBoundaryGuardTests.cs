using JitDashboard.Testing;

namespace JitDashboard.UnitTests;

/// <summary>SDK exceptions end at the ARM gateway (src/JitDashboard/Azure): above it only ArmRequestException is seen.</summary>
public sealed class ArmBoundaryGuardTests
{
    [Fact]
    public void NoSdkExceptionType_OutsideTheArmGateway()
    {
        var app = Path.Combine(RepoPaths.Root, "src", "JitDashboard");
        var gateway = Path.Combine(app, "Azure") + Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".cs" or ".razor")
            .Where(f => !f.StartsWith(gateway, StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("RequestFailedException", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .ToList();

        Assert.Empty(offenders);
    }
}
