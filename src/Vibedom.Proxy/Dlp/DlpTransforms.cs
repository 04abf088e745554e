using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Exchanges;
using Vibedom.Scanning;

namespace Vibedom.Proxy.Dlp;

/// <summary>The DLP transforms a proxy runs for its <see cref="DlpSettings"/> (none without settings, or with everything off).</summary>
internal sealed record DlpTransforms(IReadOnlyList<IRequestTransform> Request, IReadOnlyList<IResponseTransform> Response, DlpEngines? Engines = null)
{
    /// <summary>
    /// Builds the engines now (the web host is starting: in a session, after the pre-flight scan gave its values) with
    /// the rules records use (vibedom's and the user's).
    /// </summary>
    public static DlpTransforms Create(DlpSettings? settings, IEnumerable<string> sentinels, ILogger logger)
    {
        if (settings is null || settings.IsOff)
        {
            return new DlpTransforms([], []);
        }

        var engines = DlpEngines.Create(settings, CompiledRules.ForRecords, sentinels);
        return new DlpTransforms(
            [new DlpRequestTransform(engines, logger)],
            engines.Response is null ? [] : [new DlpResponseTransform(engines, logger)],
            engines);
    }
}
