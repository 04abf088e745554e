using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>
/// Kestrel answers a request it cannot parse (request line or headers over the limits, bad syntax) itself, before
/// the proxy sees it, and reports it only as a debug message of this category (event 17, ConnectionBadRequest).
/// This logger turns that message into a call of <paramref name="audit"/> (status, problem): the refusal gets its
/// audit line. Everything else passes to <paramref name="inner"/> at Error and above.
/// </summary>
internal sealed class BadRequestLogger(ILogger inner, Action<int, string> audit) : ILogger
{
    public const string Category = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";
    private const int ConnectionBadRequest = 17;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == ConnectionBadRequest)
        {
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            audit(status, exception?.Message ?? "bad request");
        }
        else if (logLevel >= LogLevel.Error && inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
