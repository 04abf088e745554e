using Vibedom.Scanning;
using Vibedom.Scanning.Dlp;

namespace Vibedom.Proxy.Dlp;

/// <summary>
/// The session's DLP engines, built once when the proxy's web host starts: one for requests (a class in
/// <see cref="DlpMode.Scrub"/> is replaced; in <see cref="DlpMode.Block"/> or <see cref="DlpMode.Log"/> it is only
/// reported), one for responses (null when <c>[dlp] responses = "off"</c> or both classes are off).
/// </summary>
internal sealed class DlpEngines
{
    private DlpEngines(DlpSettings settings, DlpEngine? request, DlpEngine? response)
    {
        Settings = settings;
        Request = request;
        Response = response;
    }

    public DlpSettings Settings { get; }

    /// <summary>Null when both classes are off.</summary>
    public DlpEngine? Request { get; }

    public DlpEngine? Response { get; }

    /// <param name="settings">The <c>[dlp]</c> modes and the workspace's exact values.</param>
    /// <param name="rules">The rules records use.</param>
    /// <param name="sentinels">The session's credential sentinels: left alone by DLP (the credential transform swaps them after it).</param>
    public static DlpEngines Create(DlpSettings settings, CompiledRules rules, IEnumerable<string> sentinels)
    {
        var exact = settings.ExactValues?.Values ?? [];
        var ignored = sentinels.ToArray();
        var request = settings.IsOff ? null
            : DlpEngine.Create(rules, exact, new DlpPolicy(RequestAction(settings.Secrets), RequestAction(settings.Pii)), DlpLimits.Default, ignored);
        var response = settings.IsOff || settings.Responses == DlpResponseMode.Off ? null
            : DlpEngine.Create(rules, exact, new DlpPolicy(ResponseAction(settings.Secrets, settings.Responses), ResponseAction(settings.Pii, settings.Responses)), DlpLimits.Default, ignored);
        return new DlpEngines(settings, request, response);
    }

    /// <summary>The mode of the class of <paramref name="hit"/> in requests.</summary>
    public DlpMode ModeOf(DlpHit hit) => hit.Class == DlpClass.Secret ? Settings.Secrets : Settings.Pii;

    /// <summary>True when some class is in block mode: a request body is then read whole before anything is sent.</summary>
    public bool Blocks => Settings.Secrets == DlpMode.Block || Settings.Pii == DlpMode.Block;

    private static DlpAction RequestAction(DlpMode mode) => mode switch
    {
        DlpMode.Scrub => DlpAction.Replace,
        DlpMode.Block or DlpMode.Log => DlpAction.Report,
        _ => DlpAction.Off,
    };

    /// <summary>A class off in requests is off in responses too; block means scrub there (an answer is not recalled).</summary>
    private static DlpAction ResponseAction(DlpMode mode, DlpResponseMode responses) => mode == DlpMode.Off
        ? DlpAction.Off
        : responses == DlpResponseMode.Scrub ? DlpAction.Replace : DlpAction.Report;
}
