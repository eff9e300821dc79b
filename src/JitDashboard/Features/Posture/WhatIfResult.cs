namespace JitDashboard.Features.Posture;

/// <summary>The control and overall score before and after remediating a set of VMs.</summary>
public sealed record WhatIfResult(
    int Selected,
    int Remediated,
    ControlFigure ManagementPortsBefore,
    ControlFigure ManagementPortsAfter,
    ScoreFigure SecureScoreBefore,
    ScoreFigure SecureScoreAfter)
{
    public double Gain => Math.Round(SecureScoreAfter.Current - SecureScoreBefore.Current, 2);
}
