using System.Text.Json;
using JitDashboard.IntegrationTests.Platform.Identity;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>The served OpenAPI description documents "Unknown" for jitStatus and ports[].exposure (issue 14).</summary>
public sealed class OpenApiUnknownTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("jitStatus")]
    [InlineData("exposure")]
    public async Task EveryPropertyNamed_DocumentsUnknownInItsEnum(string property)
    {
        using var client = fixture.Host.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var schemas = new List<JsonElement>();
        Collect(document, property, schemas);
        Assert.NotEmpty(schemas);
        Assert.All(schemas, schema => Assert.Contains("Unknown", EnumOf(document, schema)));
    }

    private static void Collect(JsonElement element, string property, List<JsonElement> found)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name == "properties" && p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(property, out var schema))
                    found.Add(schema);
                Collect(p.Value, property, found);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Collect(item, property, found);
        }
    }

    /// <summary>The enum values of a schema, following $ref, allOf/oneOf/anyOf and array items.</summary>
    private static List<string> EnumOf(JsonElement document, JsonElement schema)
    {
        var values = new List<string>();
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/')) target = target.GetProperty(part);
            values.AddRange(EnumOf(document, target));
        }
        if (schema.TryGetProperty("enum", out var e))
            values.AddRange(e.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
        foreach (var key in new[] { "allOf", "oneOf", "anyOf" })
            if (schema.TryGetProperty(key, out var list))
                foreach (var item in list.EnumerateArray()) values.AddRange(EnumOf(document, item));
        if (schema.TryGetProperty("items", out var items)) values.AddRange(EnumOf(document, items));
        return values;
    }
}
