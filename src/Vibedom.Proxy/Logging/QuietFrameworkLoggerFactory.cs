using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// The logger factory handed to Kestrel and YARP: their chatter (including Kestrel's
/// cosmetic "HTTP/2 is not enabled" warning for the intercepting listener, see
/// proxy-design §3.2) is dropped below Error; the proxy's own categories pass unchanged.
/// </summary>
internal sealed class QuietFrameworkLoggerFactory(ILoggerFactory inner, Action<int, string>? badRequest = null) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Vibedom", StringComparison.Ordinal)
            ? inner.CreateLogger(categoryName)
            : badRequest is not null && categoryName == BadRequestLogger.Category
                ? new BadRequestLogger(inner.CreateLogger(categoryName), badRequest)
                : new ErrorsOnly(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // the caller owns the inner factory
    }

    private sealed class ErrorsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }

    /// <summary>The factory for Kestrel and YARP; <paramref name="badRequest"/> hears of every request Kestrel refused itself.</summary>
    internal static ILoggerFactory Wrap(ILoggerFactory? factory, Action<int, string>? badRequest = null) =>
        factory is null && badRequest is null ? NullLoggerFactory.Instance : new QuietFrameworkLoggerFactory(factory ?? NullLoggerFactory.Instance, badRequest);
}
