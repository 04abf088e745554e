using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>Start-up messages of a proxy that starts at its first connection.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5090, Level = LogLevel.Critical, Message = "proxy on {Path} could not start at the first connection; the sandbox has no network: {Problem}")]
    public static partial void DeferredStartFailed(ILogger logger, string path, string problem);
}
