using JitDashboard.Features.Audit;
using System.Text.Json.Nodes;
using Azure;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

/// <summary>Undo's result: what was (or, dry run, would be) put back, per rule.</summary>
public sealed record RuleUndoResult(bool Found, IReadOnlyList<JitRuleChangeView> Changes);
