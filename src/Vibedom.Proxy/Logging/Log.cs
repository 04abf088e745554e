using Microsoft.Extensions.Logging;

namespace Vibedom.Proxy.Logging;

/// <summary>The proxy's log messages; event ids 5000-5099 belong to the proxy.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "proxy listening on {Endpoints}")]
    public static partial void Listening(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "allowlist {Path} reloaded: {Count} entries")]
    public static partial void AllowlistReloaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "allowlist {Path} not reloaded, the previous list stays in force: {Errors}")]
    public static partial void AllowlistReloadFailed(ILogger logger, string path, string errors);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Critical, Message = "network log {Path} cannot be written; egress is refused from now on: {Problem}")]
    public static partial void NetworkLogFailed(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Critical, Message = "network log {Path} reached its limit of {Limit} ([limits] network_log); egress is refused from now on")]
    public static partial void NetworkLogFull(ILogger logger, string path, string limit);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "network log {Path} was full: {Refused} request(s) refused without a line of their own, {Lost} line(s) of exchanges already forwarded did not fit")]
    public static partial void NetworkLogFullClosed(ILogger logger, string path, long refused, long lost);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "{Limit} {What} reached the proxy's limit ([limits] connections): further ones are refused (503 connection-limit, in network.jsonl) until one ends; said once")]
    public static partial void OpenLimitReached(ILogger logger, int limit, string what);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "TLS handshake with the client for {Host} failed: {Problem}")]
    public static partial void ClientHandshakeFailed(ILogger logger, string host, string problem);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "forwarding to {Destination} failed: {Error}")]
    public static partial void ForwardFailed(ILogger logger, string destination, string error);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "upstream TLS with {Destination} failed, the request got 502: {Error}")]
    public static partial void UpstreamTlsFailed(ILogger logger, string destination, string error);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "a transform failed; {Method} {Url} was refused: {Reason}")]
    public static partial void TransformFailed(ILogger logger, string method, string url, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Debug, Message = "raw tunnel to {Host}:{Port} ended: {Problem}")]
    public static partial void RawTunnelEnded(ILogger logger, string host, int port, string problem);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "DLP: a HIGH-risk value (rule {Rule}, hash {Hash}) {What}: {Where} of {Host}")]
    public static partial void DlpHighRisk(ILogger logger, string rule, string where, string host, string hash, string what);
}
