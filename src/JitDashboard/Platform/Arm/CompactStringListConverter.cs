using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Reads a JSON array of strings as an exact-size array, the empty one shared: ARM bodies carry hundreds of thousands of
/// short lists (every security rule's port and prefix lists, mostly empty or of one item), and a growable list each
/// costs its spare capacity and an extra object. Strings go through the pool like every other string.
/// </summary>
public sealed class CompactStringListConverter(StringPool pool) : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"Expected an array of strings, found {reader.TokenType}.");
        string[]? items = null;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                throw new JsonException($"Expected a string in the array, found {reader.TokenType}.");
            items ??= new string[4];
            if (count == items.Length)
                Array.Resize(ref items, count * 2);
            items[count++] = reader.TokenType == JsonTokenType.Null ? null! : pool.Get(reader.GetString())!;
        }
        if (count == 0)
            return [];
        if (count != items!.Length)
            Array.Resize(ref items, count);
        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var item in value)
            writer.WriteStringValue(item);
        writer.WriteEndArray();
    }
}
