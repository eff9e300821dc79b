using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Sharing;
using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>Issue 18: the stored form of the estate (what a standby shows) holds everything the leader evaluated.</summary>
public sealed class SharedEstateCodecTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-codec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    [Fact]
    public async Task TheDemoEstate_SplitStoredReadAndJoined_IsTheSameEstate()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Database:DataDirectory"] = _data });
        var snapshot = await host.LoadedEstateAsync();
        Assert.NotEmpty(snapshot.Machines);

        var parts = SharedEstateCodec.Split(snapshot);
        var stored = parts.ToDictionary(p => p.Key, p => SharedEstateCodec.EncodePart(p.Value));
        var header = SharedEstateCodec.Decode<SharedEstateCodec.Header>(SharedEstateCodec.Encode(
            new SharedEstateCodec.Header(7, snapshot.Subscriptions, snapshot.RefreshedAt, snapshot.Error, snapshot.IsLoading, parts.ToDictionary(p => p.Key, _ => 7L))));
        var read = stored.ToDictionary(p => p.Key, p => SharedEstateCodec.DecodePart(p.Value));
        var joined = SharedEstateCodec.Join(header, read);

        // Stored again, it is byte for byte what was stored: nothing is lost on the way.
        Assert.All(read, p => Assert.Equal(stored[p.Key], SharedEstateCodec.EncodePart(p.Value)));
        Assert.Equal(snapshot.Machines.Select(m => m.Id), joined.Machines.Select(m => m.Id));
        Assert.Equal(snapshot.RefreshedAt, joined.RefreshedAt);
        Assert.Equal(snapshot.Subscriptions, joined.Subscriptions);
        foreach (var (was, now) in snapshot.Machines.Zip(joined.Machines))
        {
            Assert.Equal(was.Name, now.Name);
            Assert.Equal(was.PowerState, now.PowerState);
            Assert.Equal(was.SubscriptionName, now.SubscriptionName);
            Assert.Equal(was.Facts.JitStatus, now.Facts.JitStatus);
            Assert.Equal(was.Facts.SecureScoreImpact, now.Facts.SecureScoreImpact);
            Assert.Equal(was.Facts.Ports.Select(p => (p.Port, p.Exposure, p.Sources.Count, p.Paths.Count)), now.Facts.Ports.Select(p => (p.Port, p.Exposure, p.Sources.Count, p.Paths.Count)));
            Assert.Equal(was.Facts.Nics.Count, now.Facts.Nics.Count);
            Assert.Equal(was.Facts.UnknownReasons.OrderBy(r => r.Key), now.Facts.UnknownReasons.OrderBy(r => r.Key));
            Assert.Equal(was.Facts.JitWriteBlockedReason, now.Facts.JitWriteBlockedReason);
            Assert.Equal(was.Vm.Tags?.Count ?? 0, now.Vm.Tags?.Count ?? 0);
        }
        Assert.Equal(snapshot.SubscriptionStatuses.Keys.Select(k => k.ToLowerInvariant()).Order(), joined.SubscriptionStatuses.Keys.Order());
        Assert.All(snapshot.SubscriptionStatuses, s => Assert.Equal(s.Value.Health, joined.SubscriptionStatuses[s.Key].Health));
        Assert.All(snapshot.SubscriptionStatuses, s => Assert.Equal(s.Value.Problems.Count, joined.SubscriptionStatuses[s.Key].Problems.Count));
        Assert.Equal(snapshot.Controls.Count, joined.Controls.Count);
        Assert.Equal(snapshot.SecureScores.Count, joined.SecureScores.Count);
    }
}
