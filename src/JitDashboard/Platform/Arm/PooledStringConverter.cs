using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm;

/// <summary>Reads every JSON string of an ARM body through a <see cref="StringPool"/>; writes as the default does.</summary>
public sealed class PooledStringConverter(StringPool pool) : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            return reader.GetString(); // null, or the default's error for a non-string token
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > StringPool.MaxLength * 3)
            return reader.GetString();
        // UTF-8 never needs more chars than bytes; unescaping only shortens.
        Span<char> buffer = stackalloc char[(int)length];
        var written = reader.CopyString(buffer);
        return pool.Get(buffer[..written]);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        pool.Get(reader.GetString()) ?? "";

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value);
    }
}
