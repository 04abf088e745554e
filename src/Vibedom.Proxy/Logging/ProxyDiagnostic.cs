using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>One diagnostic of the proxy: its level, its event id (5000-5099, see <c>Logging/Log</c>) and one line of text.</summary>
public sealed record ProxyDiagnostic(LogLevel Level, int EventId, string Message)
{
    /// <summary><c>INFO</c>, <c>WARN</c> or <c>ERROR</c> (critical and error alike), as session.log writes levels.</summary>
    public string LevelName => Level switch
    {
        >= LogLevel.Error => "ERROR",
        LogLevel.Warning => "WARN",
        _ => "INFO",
    };
}
