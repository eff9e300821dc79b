using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;

namespace JitDashboard.UnitTests.Platform.Arm;

/// <summary>Reads the saved ARM examples and SDK recordings under shared/arm-contract.</summary>
internal static class ArmContract
{
    public static string Root { get; } = JitDashboard.Testing.RepoPaths.SharedFile("arm-contract");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The response body of an example file (<c>responses.{status}.body</c>) as JSON text.</summary>
    public static string ExampleBody(string relative, string status = "200")
    {
        var node = JsonNode.Parse(File.ReadAllText(PathOf(relative)))!;
        return node["responses"]![status]!["body"]!.ToJsonString();
    }

    public static T Example<T>(string relative, string status = "200")
        => JsonSerializer.Deserialize<T>(ExampleBody(relative, status), ArmJson.Options)!;

    /// <summary>Every recorded entry of an SDK recording: method, URI and the response body as JSON text (null when none).</summary>
    public static IReadOnlyList<(string Method, string Uri, string? Body)> Recording(string relative)
    {
        var node = JsonNode.Parse(File.ReadAllText(PathOf(relative)))!;
        var entries = new List<(string, string, string?)>();
        foreach (var entry in node["Entries"]!.AsArray())
        {
            var body = entry!["ResponseBody"];
            // Older recordings hold the body as a JSON string, track-2 ones as an object.
            var text = body is null ? null
                : body.GetValueKind() == JsonValueKind.String ? body.GetValue<string>()
                : body.ToJsonString();
            entries.Add((entry["RequestMethod"]!.GetValue<string>(), entry["RequestUri"]!.GetValue<string>(), string.IsNullOrWhiteSpace(text) ? null : text));
        }

        return entries;
    }

    public static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, ArmJson.Options)!;
}
