namespace Vibedom.Proxy.Logging;

/// <summary>Ready-made <see cref="IProxyDiagnostics"/> sinks.</summary>
public static class ProxyDiagnostics
{
    /// <summary>
    /// Each diagnostic as (level name, message): <c>ProxyDiagnostics.To(sessionLog.Write)</c> puts them in session.log.
    /// </summary>
    public static IProxyDiagnostics To(Action<string, string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new Callback(d => write(d.LevelName, "proxy: " + d.Message));
    }

    /// <summary>Each diagnostic, as it is.</summary>
    public static IProxyDiagnostics To(Action<ProxyDiagnostic> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new Callback(report);
    }

    private sealed class Callback(Action<ProxyDiagnostic> report) : IProxyDiagnostics
    {
        public void Report(ProxyDiagnostic diagnostic) => report(diagnostic);
    }
}
