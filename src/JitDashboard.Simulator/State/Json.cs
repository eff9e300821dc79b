using System.Text.Encodings.Web;
using System.Text.Json;

namespace JitDashboard.Simulator.State;

public static class Json
{
    /// <summary>Like ARM: quotes and apostrophes in messages are written as they are, not as \u0027.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
