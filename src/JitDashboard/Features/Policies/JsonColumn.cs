using System.Text.Json;
using JitDashboard.Platform.Arm;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace JitDashboard.Features.Policies;

/// <summary>JSON text columns for small documents read and written whole (same on both providers).</summary>
internal static class JsonColumn
{
    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter<T>()
        where T : new() =>
        new(v => JsonSerializer.Serialize(v, ArmJson.Options), v => JsonSerializer.Deserialize<T>(v, ArmJson.Options) ?? new T());

    public static ValueComparer<T> Comparer<T>()
        where T : class, new() =>
        new(
            (a, b) => JsonSerializer.Serialize(a, ArmJson.Options) == JsonSerializer.Serialize(b, ArmJson.Options),
            v => JsonSerializer.Serialize(v, ArmJson.Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, ArmJson.Options), ArmJson.Options) ?? new T());
}
