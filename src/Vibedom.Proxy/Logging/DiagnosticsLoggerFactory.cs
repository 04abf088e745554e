using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The proxy's loggers (its own <see cref="Log"/> messages, and Kestrel's and YARP's errors through
/// <see cref="QuietFrameworkLoggerFactory"/>) reporting to <see cref="Hosting.ProxyOptions.Diagnostics"/>: information and above.
/// Without a sink, nothing is formatted at all.
/// </summary>
internal sealed class DiagnosticsLoggerFactory(IProxyDiagnostics sink) : ILoggerFactory
{
    public static ILoggerFactory For(IProxyDiagnostics? sink) => sink is null ? NullLoggerFactory.Instance : new DiagnosticsLoggerFactory(sink);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(sink);

    public void AddProvider(ILoggerProvider provider)
    {
        // the proxy reports to its diagnostics sink only
    }

    public void Dispose()
    {
        // the caller owns the sink
    }

    private sealed class SinkLogger(IProxyDiagnostics sink) : ILogger
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
                sink.Report(new ProxyDiagnostic(logLevel, eventId.Id, formatter(state, exception).ReplaceLineEndings(" ")));
            }
#pragma warning disable CA1031 // a failing sink (a full disk under session.log) must not take a request or the log writer down
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
