using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Identity;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.EventGrid;

/// <summary>A subscription refused at creation (bad spec, or the endpoint failed the validation handshake).</summary>
public sealed class EventSubscriptionException(string message) : Exception(message);
