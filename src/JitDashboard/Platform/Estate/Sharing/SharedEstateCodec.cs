using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// The stored form of a snapshot: a header and one part per subscription, each JSON compressed with Brotli (fastest
/// level: the writer is on the refresh path). Splitting by subscription keeps a targeted change's write small.
/// </summary>
public static class SharedEstateCodec
{
    public const string HeaderKey = "$header";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new CaseInsensitiveDictionaryConverterFactory() },
        // Computed properties (EstateMachine.Id, ...) are derived again on load.
        IgnoreReadOnlyProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One subscription's share of a snapshot (key: its id, lower-case).</summary>
    public sealed record Part(
        IReadOnlyList<EstateMachine> Machines,
        SubscriptionStatus? Status,
        ManagementPortsControl? Control,
        ScoreDetails? Score);

    // The stored form of a part: EstateMachine has two constructors, which JSON cannot choose between.
    private sealed record StoredPart(IReadOnlyList<StoredMachine> Machines, SubscriptionStatus? Status, ManagementPortsControl? Control, ScoreDetails? Score);

    private sealed record StoredMachine(VirtualMachineInfo Vm, string SubscriptionName, MachineFacts Facts);

    public static byte[] EncodePart(Part part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return Encode(new StoredPart(part.Machines.Select(m => new StoredMachine(m.Vm, m.SubscriptionName, m.Facts)).ToList(), part.Status, part.Control, part.Score));
    }

    public static Part DecodePart(byte[] data)
    {
        var stored = Decode<StoredPart>(data);
        return new Part(stored.Machines.Select(m => new EstateMachine(m.Vm, m.SubscriptionName, m.Facts)).ToList(), stored.Status, stored.Control, stored.Score);
    }

    /// <summary>What is not per subscription, and which version each part has.</summary>
    public sealed record Header(
        long Version,
        IReadOnlyList<SubscriptionInfo> Subscriptions,
        DateTimeOffset? RefreshedAt,
        string? Error,
        bool IsLoading,
        IReadOnlyDictionary<string, long> Parts);

    public static string KeyOf(string subscriptionId) => subscriptionId.ToLowerInvariant();

    /// <summary>The parts of <paramref name="snapshot"/> by key (every subscription listed, holding VMs or known by status).</summary>
    public static Dictionary<string, Part> Split(EstateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var machines = snapshot.Machines.GroupBy(m => KeyOf(m.SubscriptionId)).ToDictionary(g => g.Key, g => (IReadOnlyList<EstateMachine>)g.ToList());
        var keys = new HashSet<string>(machines.Keys);
        keys.UnionWith(snapshot.Subscriptions.Select(s => KeyOf(s.SubscriptionId)));
        keys.UnionWith(snapshot.SubscriptionStatuses.Keys.Select(KeyOf));
        keys.UnionWith(snapshot.Controls.Keys.Select(KeyOf));
        keys.UnionWith(snapshot.SecureScores.Keys.Select(KeyOf));
        return keys.ToDictionary(k => k, k => new Part(
            machines.GetValueOrDefault(k) ?? [],
            snapshot.SubscriptionStatuses.GetValueOrDefault(k),
            snapshot.Controls.GetValueOrDefault(k),
            snapshot.SecureScores.GetValueOrDefault(k)));
    }

    /// <summary>The snapshot the parts make, ordered as a sweep orders it (by name, then id).</summary>
    public static EstateSnapshot Join(Header header, IReadOnlyDictionary<string, Part> parts)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(parts);
        var machines = parts.Values.SelectMany(p => p.Machines)
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
        return new EstateSnapshot(machines, header.Subscriptions, header.RefreshedAt, header.Error, header.IsLoading)
        {
            SubscriptionStatuses = parts.Where(p => p.Value.Status is not null).ToDictionary(p => p.Key, p => p.Value.Status!, StringComparer.OrdinalIgnoreCase),
            Controls = parts.Where(p => p.Value.Control is not null).ToDictionary(p => p.Key, p => p.Value.Control!, StringComparer.OrdinalIgnoreCase),
            SecureScores = parts.Where(p => p.Value.Score is not null).ToDictionary(p => p.Key, p => p.Value.Score!, StringComparer.OrdinalIgnoreCase),
        };
    }

    public static byte[] Encode<T>(T value)
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            JsonSerializer.Serialize(brotli, value, Json);
        return buffer.ToArray();
    }

    public static T Decode<T>(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var brotli = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<T>(brotli, Json) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");
    }
}
