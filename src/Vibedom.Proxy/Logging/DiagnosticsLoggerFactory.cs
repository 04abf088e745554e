using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The proxy's loggers (its own <see cref="Log"/> messages, and Kestrel's and YARP's errors through
/// <see cref="QuietFrameworkLoggerFactory"/>) reporting to <see cref="Hosting.ProxyOptions.Diagnostics"/>: information and above.
/// Warnings and errors may quote what the agent sent (a framework's error names a request line): they pass
/// <paramref name="redact"/> first. Without a sink, nothing is formatted at all.
/// </summary>
internal sealed class DiagnosticsLoggerFactory(IProxyDiagnostics sink, Func<string, string> redact) : ILoggerFactory
{
    public static ILoggerFactory For(IProxyDiagnostics? sink, Func<string, string> redact) =>
        sink is null ? NullLoggerFactory.Instance : new DiagnosticsLoggerFactory(sink, redact);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(sink, redact);

    public void AddProvider(ILoggerProvider provider)
    {
        // the proxy reports to its diagnostics sink only
    }

    public void Dispose()
    {
        // the caller owns the sink
    }

    private sealed class SinkLogger(IProxyDiagnostics sink, Func<string, string> redact) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                // information is vibedom's own (listening, reloaded) and is not redacted: no rule compile at start-up
                var message = formatter(state, exception).ReplaceLineEndings(" ");
                sink.Report(new ProxyDiagnostic(logLevel, eventId.Id, logLevel >= LogLevel.Warning ? redact(message) : message));
            }
#pragma warning disable CA1031 // a failing sink (a full disk under session.log) must not take a request or the log writer down
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
