using System.Text.Json;
using JitDashboard.IntegrationTests.Platform.Identity;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>The served OpenAPI description documents "Unknown" for jitStatus and ports[].exposure (issue 14).</summary>
public sealed class OpenApiUnknownTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("jitStatus", "exposed")]
    [InlineData("exposure", "protocol")]
    public async Task MachineProperty_DocumentsUnknown(string property, string sibling)
    {
        using var client = fixture.Host.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;

        var schemas = new List<JsonElement>();
        Collect(document, property, sibling, schemas);
        Assert.NotEmpty(schemas);
        // The API sends these as strings: "Unknown" is documented as an enum value or in the property's description.
        Assert.All(schemas, schema => Assert.True(
            EnumOf(document, schema).Contains("Unknown")
            || (schema.TryGetProperty("description", out var d) && d.GetString()!.Contains("Unknown", StringComparison.Ordinal)),
            $"'{property}' does not document Unknown: {schema}"));
    }

    /// <summary>Every schema of <paramref name="property"/> in an object that also has <paramref name="sibling"/>.</summary>
    private static void Collect(JsonElement element, string property, string sibling, List<JsonElement> found)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name == "properties" && p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(property, out var schema) && p.Value.TryGetProperty(sibling, out _))
                    found.Add(schema);
                Collect(p.Value, property, sibling, found);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Collect(item, property, sibling, found);
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
