using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Posture;
using static JitDashboard.UnitTests.Features.Machines.MachinesTestData;

namespace JitDashboard.UnitTests.Features.Posture;

public class PostureCalculatorTests
{
    private static EstateMachine Open(string name, string sub = Prod, JitStatus jit = JitStatus.NotConfigured, double impact = 2) =>
        Machine(name, sub, jit: jit, ports: [Port(22, PortExposure.Open)],
            jitRec: jit == JitStatus.Unsupported ? RecommendationState.NotApplicable : RecommendationState.Unhealthy,
            portsRec: RecommendationState.Unhealthy, impact: impact);

    private static EstateMachine Healthy(string name, string sub = Prod, JitStatus jit = JitStatus.Configured, PortExposure exposure = PortExposure.Closed) =>
        Machine(name, sub, jit: jit, ports: [Port(22, exposure, exposure == PortExposure.Restricted ? ["10.0.0.0/8"] : [])],
            jitRec: RecommendationState.Healthy, portsRec: RecommendationState.Healthy);

    /// <summary>Prod: 4 assessed (1 healthy, 3 unhealthy → 2 points of 8); Dev: 2 (1 healthy, 1 unhealthy → 4 points).</summary>
    private static EstateSnapshot Estate()
    {
        EstateMachine[] machines =
        [
            Open("p-web1"), Open("p-web2"), Open("p-legacy", jit: JitStatus.Unsupported), Healthy("p-ok"),
            Open("d-web", Dev, impact: 4), Healthy("d-ok", Dev, JitStatus.NotConfigured, PortExposure.Restricted),
        ];
        return new EstateSnapshot(machines, [new SubscriptionInfo(Prod, "Contoso Production", "Enabled"), new SubscriptionInfo(Dev, "Contoso Dev", "Enabled")],
            DateTimeOffset.UnixEpoch, null, false)
        {
            Controls = new Dictionary<string, ManagementPortsControl>(StringComparer.OrdinalIgnoreCase)
            {
                [Prod] = new(2, 8, 1, 3, 0),
                [Dev] = new(4, 8, 1, 1, 0),
            },
            // Prod: 2 (ports) + 13 (other controls); Dev: 4 + 10.
            SecureScores = new Dictionary<string, ScoreDetails>(StringComparer.OrdinalIgnoreCase)
            {
                [Prod] = new() { Current = 15, Max = 28, Percentage = 0.5357 },
                [Dev] = new() { Current = 14, Max = 28, Percentage = 0.5 },
            },
        };
    }

    [Fact]
    public void Calculate_SumsSubscriptions_AndCountsMachines()
    {
        var figures = PostureCalculator.Calculate(Estate());

        // Combined like Defender: maxima stay one environment's (score 28, control 8), not 56 and 16; the control is
        // evaluated over every VM in scope: 8 × 2 / (2 + 4) = 2.67, not the sum 2 + 4.
        Assert.Equal(new ScoreFigure(14.5, 28, 0.5179), figures.SecureScore);
        Assert.Equal(new ControlFigure(2.67, 8, 2, 4, 0), figures.ManagementPorts);
        Assert.Equal(new MachineCounts(6, 4, 1, 1, 4, 1), figures.Machines);
        Assert.Equal(0.2, figures.Machines.JitCoverage, 4);
        // Fixing everything: Prod 15 → 21, Dev 14 → 18, i.e. 39 of 56 → 19.5 of 28, up 5.
        Assert.Equal(5, figures.PotentialGain);
        var prod = Assert.Single(figures.Subscriptions, s => s.SubscriptionId == Prod);
        Assert.Equal(new ScoreFigure(15, 28, 0.5357), prod.SecureScore);
        Assert.Equal(6, prod.PotentialGain);
        Assert.Equal(new MachineCounts(4, 3, 0, 1, 2, 1), prod.Machines);
    }

    [Fact]
    public void TopByImpact_OrdersByImpactThenName_AndSkipsHealthy()
    {
        var figures = PostureCalculator.Calculate(Estate());

        Assert.Equal(["d-web", "p-legacy", "p-web1", "p-web2"], figures.TopByImpact.Select(m => m.Name).ToArray());
        Assert.Equal(4, figures.TopByImpact[0].Impact);
    }

    [Fact]
    public void TopByImpact_KeepsTen()
    {
        var machines = Enumerable.Range(0, 15).Select(i => Open($"vm-{i:00}", impact: i + 1)).ToList();
        var snapshot = new EstateSnapshot(machines, [new SubscriptionInfo(Prod, "P", "Enabled")], DateTimeOffset.UnixEpoch, null, false);

        var top = PostureCalculator.Calculate(snapshot).TopByImpact;

        Assert.Equal(10, top.Count);
        Assert.Equal("vm-14", top[0].Name);
        Assert.Equal("vm-05", top[^1].Name);
    }

    [Fact]
    public void WhatIf_OneVm_UsesDefendersFormula()
    {
        var prodWeb1 = Estate().Machines.Single(m => m.Name == "p-web1").Id;

        var result = PostureCalculator.WhatIf(Estate(), [prodWeb1]);

        // Prod: 2 healthy of 4 → 8 × 2 / 4 = 4 points; the score moves by the same 2 points.
        Assert.Equal(1, result.Remediated);
        Assert.Equal(new ControlFigure(4, 8, 3, 3, 0), result.ManagementPortsAfter);
        // Prod's score 15 → 17, so 31 of 56 → 15.5 of 28.
        Assert.Equal(new ScoreFigure(15.5, 28, 0.5536), result.SecureScoreAfter);
        Assert.Equal(1, result.Gain);
    }

    [Fact]
    public void WhatIf_RoundsLikeDefender()
    {
        var snapshot = Estate() with
        {
            Controls = new Dictionary<string, ManagementPortsControl> { [Prod] = new(2, 8, 1, 3, 0), [Dev] = new(2.67, 8, 1, 2, 0) },
        };
        var dev = snapshot.Machines.Single(m => m.Name == "d-web").Id;

        var result = PostureCalculator.WhatIf(snapshot, [dev]);

        // Dev: 2 of 3 healthy → 8 × 2 / 3 = 5.333… → 5.33 (2 decimals, as Defender and the simulator round).
        Assert.Equal(5.33, PostureCalculator.Points(8, 2, 1));
        // Combined: 3 healthy of 7 → 8 × 3 / 7 = 3.43.
        Assert.Equal(3.43, result.ManagementPortsAfter.Current);
        Assert.Equal((15 + (14 - 2.67 + 5.33)) / 2, result.SecureScoreAfter.Current, 2);
    }

    [Fact]
    public void WhatIf_IgnoresHealthyAndUnknownVms()
    {
        var ok = Estate().Machines.Single(m => m.Name == "p-ok").Id;

        var result = PostureCalculator.WhatIf(Estate(), [ok, "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/missing"]);

        Assert.Equal(1, result.Selected);
        Assert.Equal(0, result.Remediated);
        Assert.Equal(result.SecureScoreBefore, result.SecureScoreAfter);
    }

    [Fact]
    public void WhatIf_AllExposed_EqualsPotentialGain()
    {
        var snapshot = Estate();

        var result = PostureCalculator.WhatIf(snapshot, PostureCalculator.AllExposed(snapshot.Machines));

        Assert.Equal(new ControlFigure(8, 8, 6, 0, 0), result.ManagementPortsAfter);
        Assert.Equal(PostureCalculator.Calculate(snapshot).PotentialGain, result.Gain);
        Assert.Equal(1.0 * 39 / 56, result.SecureScoreAfter.Percentage, 4);
    }

    [Fact]
    public void SubscriptionWithoutDefenderData_IsLeftOutOfTheFigures_AndNamed()
    {
        var estate = Estate();
        var snapshot = estate with { Controls = new Dictionary<string, ManagementPortsControl> { [Prod] = estate.Controls[Prod] } };

        var figures = PostureCalculator.Calculate(snapshot);

        Assert.Equal(new ScoreFigure(15, 28, 0.5357), figures.SecureScore);
        Assert.Equal(estate.Controls[Prod].Current, figures.ManagementPorts.Current);
        var excluded = Assert.Single(figures.Excluded);
        Assert.Equal(Dev, excluded.SubscriptionId);
    }

    [Fact]
    public void Calculate_EmptySnapshot_IsZero()
    {
        var figures = PostureCalculator.Calculate(EstateSnapshot.Initial);

        Assert.Equal(ScoreFigure.Empty, figures.SecureScore);
        Assert.Equal(MachineCounts.Empty, figures.Machines);
        Assert.Empty(figures.TopByImpact);
    }
}
