using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JitDashboard.Platform.Audit;

/// <summary>
/// The chain's hash: lower-case hex SHA-256 over an unambiguous encoding of an event's fields.
/// </summary>
/// <remarks>
/// Encoding (version 1): the UTF-8 domain tag <c>JitDashboard.AuditEvent.v1</c>, then for each of
/// Id (invariant decimal), OccurredAt (UTC, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>), Actor, ActorKind (name),
/// Action, Target, Outcome (name), Details, PreviousHash: a 4-byte big-endian byte length and the UTF-8
/// bytes. Length prefixes make field boundaries unambiguous ("ab"+"c" differs from "a"+"bc"), so anyone
/// can re-verify an export with a few lines of code. Changing this breaks every stored chain.
/// </remarks>
public static class AuditHash
{
    /// <summary>The previous-hash of the first event.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private static ReadOnlySpan<byte> DomainTag => "JitDashboard.AuditEvent.v1"u8;

    public static string Compute(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Compute(e.Id, e.OccurredAt, e.Actor, e.ActorKind, e.Action, e.Target, e.Outcome, e.Details, e.PreviousHash);
    }

    public static string Compute(
        long id,
        DateTimeOffset occurredAt,
        string actor,
        AuditActorKind actorKind,
        string action,
        string target,
        AuditOutcome outcome,
        string details,
        string previousHash)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(DomainTag);
        Append(buffer, id.ToString(CultureInfo.InvariantCulture));
        Append(buffer, FormatTimestamp(occurredAt));
        Append(buffer, actor);
        Append(buffer, actorKind.ToString());
        Append(buffer, action);
        Append(buffer, target);
        Append(buffer, outcome.ToString());
        Append(buffer, details);
        Append(buffer, previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>UTC, fixed 6 fractional digits: the form that is hashed and exported.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// UTC and truncated to whole microseconds: PostgreSQL keeps microseconds, so anything finer would
    /// not survive a round-trip and the recomputed hash would differ.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    private static void Append(ArrayBufferWriter<byte> buffer, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        var written = Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(written);
    }
}
