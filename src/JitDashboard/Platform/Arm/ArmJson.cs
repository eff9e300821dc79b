using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm;

/// <summary>The one serializer setting for ARM bodies: web defaults, nulls left out when writing.</summary>
public static class ArmJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
