using System.Globalization;
using System.Runtime.InteropServices;

namespace JitDashboard.Simulator;

/// <summary>Standalone entry point (public contract 2).</summary>
public static class SimulatorProgram
{
    private const string Usage =
        "usage: JitDashboard.Simulator --urls https://127.0.0.1:PORT [--estate FILE | --generate vms=N,subscriptions=S,seed=K] " +
        "[--certificate-out FILE.pem] [--page-size N] [--latency MS]";

    public static int Main(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        SimulatorOptions options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        SimulatorHost host;
        try
        {
#pragma warning disable CA2000 // Disposed when the program ends (await using below).
            host = await SimulatorHost.StartAsync(options);
#pragma warning restore CA2000
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or State.InvalidEstateException or System.Text.Json.JsonException or UnauthorizedAccessException or NotImplementedException)
        {
            await Console.Error.WriteLineAsync($"The simulator could not start: {e.Message}");
            return 2;
        }

        await using (host)
        {
            Console.WriteLine($"JitDashboard simulator serving {host.BaseUri}");
            if (options.CertificateOut is not null)
                Console.WriteLine($"Certificate written to {Path.GetFullPath(options.CertificateOut)}");
            Console.WriteLine("Press Ctrl+C to stop.");
            var stop = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.TrySetResult();
            };
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.TrySetResult();
            });
            await stop.Task;
        }
        return 0;
    }

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a clear message.</summary>
    public static SimulatorOptions Parse(string[] args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{name} needs a value.");
            int Number(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw new ArgumentException($"{name} must be a whole number between {min} and {max}; got '{text}'.");
            }
            switch (name)
            {
                case "--urls": options.Url = Value().Split(';')[0]; break;
                case "--estate": options.EstateFile = Value(); break;
                case "--generate": options.Generate = Value(); break;
                case "--certificate-out": options.CertificateOut = Value(); break;
                case "--page-size": options.PageSize = Number(1, 10_000); break;
                case "--latency": options.LatencyMilliseconds = Number(0, 600_000); break;
                default: throw new ArgumentException($"Unknown argument '{name}'.");
            }
        }
        if (options.EstateFile is not null && options.Generate is not null)
            throw new ArgumentException("Give either --estate or --generate, not both.");
        if (options.EstateFile is not null && !File.Exists(options.EstateFile))
            throw new ArgumentException($"The estate file '{options.EstateFile}' does not exist.");
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"--urls must be an https URL such as https://127.0.0.1:5443; got '{options.Url}'.");
        return options;
    }
}
