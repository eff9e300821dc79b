using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.UnitTests.Platform.Arm;

public class SecurityModelTests
{
    [Fact]
    public void SecureScores_Example_ParsesScore()
    {
        var page = ArmContract.Example<ArmPage<SecureScore>>("securescore/ListSecureScores_example.json");

        var score = Assert.Single(page.Value);
        Assert.Equal("ascScore", score.Name);
        Assert.Equal("ASC score", score.Properties.DisplayName);
        Assert.Equal(39, score.Properties.Score.Max);
        Assert.Equal(23.53, score.Properties.Score.Current);
        Assert.Equal(0.6033, score.Properties.Score.Percentage);
        Assert.Equal(67, score.Properties.Weight);
    }

    [Fact]
    public void SecureScoreControls_Example_ParsesEveryControl()
    {
        var page = ArmContract.Example<ArmPage<SecureScoreControl>>("securescore/ListSecureScoreControls_example.json");

        Assert.Equal(12, page.Value.Count);
        var network = Assert.Single(page.Value, c => c.Name == "f9d5432b-8f7b-45e9-b90c-e214a30f6a02");
        Assert.Equal("Restrict unauthorized network access", network.Properties.DisplayName);
        Assert.Equal(4, network.Properties.Score.Max);
        Assert.Equal(4, network.Properties.Score.Current);
        Assert.Equal(1, network.Properties.HealthyResourceCount);

        var transit = Assert.Single(page.Value, c => c.Properties.DisplayName == "Encrypt data in transit");
        Assert.Equal(3.33, transit.Properties.Score.Current);
        Assert.Equal(0.8325, transit.Properties.Score.Percentage);
        Assert.Equal(5, transit.Properties.HealthyResourceCount);
        Assert.Equal(1, transit.Properties.UnhealthyResourceCount);
        Assert.Null(transit.Properties.Definition);
    }

    [Fact]
    public void Recording_SecureScores_ParsesZeroScore()
    {
        var (_, _, body) = ArmContract.Recording("sdk-recordings/track2-SecureScoreTests-GetAll.json")
            .Single(e => e.Uri.Contains("/secureScores?", StringComparison.Ordinal));
        var page = ArmContract.Parse<ArmPage<SecureScore>>(body!);

        var score = Assert.Single(page.Value);
        Assert.Equal("ascScore", score.Name);
        Assert.Equal("ASC score", score.Properties.DisplayName);
        Assert.Equal(0, score.Properties.Score.Max);
        Assert.Equal(0.0, score.Properties.Score.Current);
    }

    [Fact]
    public void ControlWithDefinition_Parses()
    {
        const string json = """
            {"id":"/subscriptions/s/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls/c1","name":"c1",
             "type":"Microsoft.Security/secureScores/secureScoreControls",
             "properties":{"displayName":"Secure management ports","healthyResourceCount":2,"unhealthyResourceCount":2,"notApplicableResourceCount":0,
               "score":{"max":8,"current":4.0,"percentage":0.5},"weight":4,
               "definition":{"id":"/providers/Microsoft.Security/secureScoreControlDefinitions/c1","name":"c1","type":"Microsoft.Security/secureScoreControlDefinitions",
                 "properties":{"source":{"sourceType":"BuiltIn"},"displayName":"Secure management ports","maxScore":8,
                   "assessmentDefinitions":[{"id":"/providers/Microsoft.Security/assessmentMetadata/805651bc-6ecd-4c73-9b55-97a19d0582d0"}]}}}}
            """;

        var control = ArmContract.Parse<SecureScoreControl>(json);

        Assert.Equal(8, control.Properties.Score.Max);
        Assert.Equal("BuiltIn", control.Properties.Definition!.Properties.Source!.SourceType);
        Assert.Equal(8, control.Properties.Definition.Properties.MaxScore);
        Assert.EndsWith(Assessment.JitKey, Assert.Single(control.Properties.Definition.Properties.AssessmentDefinitions).Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Assessments_ListExample_ParsesStatusAndResource()
    {
        var page = ArmContract.Example<ArmPage<Assessment>>("assessments/ListAssessments_example.json");

        Assert.True(page.Value.Count >= 2);
        var first = page.Value[0];
        Assert.Equal("21300918-b2e3-0346-785f-c77ff57d243b", first.Name);
        Assert.Equal("Microsoft.Security/assessments", first.Type);
        Assert.Equal("Azure", first.Properties.ResourceDetails!.Source);
        Assert.EndsWith("/virtualMachineScaleSets/vmss1", first.Properties.ResourceDetails.Id, StringComparison.Ordinal);
        Assert.Equal("Install endpoint protection solution on virtual machine scale sets", first.Properties.DisplayName);
        Assert.Equal("Healthy", first.Properties.Status!.Code);
        Assert.All(page.Value, a => Assert.NotNull(a.Properties.Status?.Code));
    }

    [Theory]
    [InlineData("assessments/GetAssessment_example.json")]
    [InlineData("assessments/2021-06-01/GetAssessmentWithExpand_example.json")]
    public void Assessment_GetExample_ParsesCauseAndAdditionalData(string file)
    {
        var assessment = ArmContract.Example<Assessment>(file);

        Assert.EndsWith("/virtualMachineScaleSets/vmss2", assessment.Properties.ResourceDetails!.Id, StringComparison.Ordinal);
        Assert.Equal("NotApplicable", assessment.Properties.Status!.Code);
        Assert.Equal("OffByPolicy", assessment.Properties.Status.Cause);
        Assert.EndsWith("/workspaces/myLaWorkspace", assessment.Properties.AdditionalData!["linkedWorkspaceId"], StringComparison.Ordinal);
    }

    [Fact]
    public void Assessment_ExpandExample_ParsesPortalLink()
    {
        var assessment = ArmContract.Example<Assessment>("assessments/2021-06-01/GetAssessmentWithExpand_example.json");

        Assert.EndsWith("assessmentKey/21300918-b2e3-0346-785f-c77ff57d243b", assessment.Properties.Links!.AzurePortalUri, StringComparison.Ordinal);
    }
}
