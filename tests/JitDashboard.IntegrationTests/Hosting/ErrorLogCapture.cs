using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>Keeps every Error-or-worse log entry of a host (category and message), for tests that want none.</summary>
internal sealed class ErrorLogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public void Install(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Errors.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
