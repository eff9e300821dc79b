namespace JitDashboard.Hosting;

/// <summary>
/// A host's own settings checks (the DevHost checks its <c>Simulator</c> section here), run with the app's so that
/// one start-up failure still lists every problem by key.
/// </summary>
public interface IJitDashboardSettingsCheck
{
    /// <summary>Adds one message per problem, each starting with the key it concerns.</summary>
    void Check(JitDashboardSettings settings, ICollection<string> errors);
}
