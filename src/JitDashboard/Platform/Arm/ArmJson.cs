using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// The one serializer setting for ARM bodies: web defaults, nulls left out when writing, strings read through the
/// shared <see cref="StringPool"/> (an estate's lists repeat the same ids and values thousands of times) and string lists
/// as exact-size arrays.
/// </summary>
public static class ArmJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new PooledStringConverter(StringPool.Shared), new CompactStringListConverter(StringPool.Shared) },
    };
}
