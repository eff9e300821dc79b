namespace JitDashboard.Simulator;

public static class SimulatorProgram
{
    public static int Main(string[] args) => 0;
}
