using JitDashboard.Platform.Work;

namespace JitDashboard.UnitTests.Platform.Work;

public sealed class WorkerBackoffTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(1000, 60)]
    public void Doubles_FromTheFirst_UpToTheMax(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WorkerBackoff.From(TimeSpan.FromSeconds(5)).Delay(failures));

    [Fact]
    public void ALongInterval_IsItsOwnMax() =>
        Assert.Equal(TimeSpan.FromMinutes(5), WorkerBackoff.From(TimeSpan.FromMinutes(5)).Delay(3));
}
