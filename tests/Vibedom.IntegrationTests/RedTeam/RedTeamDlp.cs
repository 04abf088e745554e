using Vibedom.IntegrationTests.Network;
using Vibedom.Testing.Network;
using Xunit;

namespace Vibedom.IntegrationTests.RedTeam;

/// <summary>The red-team DLP tests' session: a proxied session with workspace files, a script run inside, what the upstream received.</summary>
internal static class RedTeamDlp
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    public static async Task<ProxiedSession> StartAsync(params (string Path, string Content)[] files)
    {
        var s = await ProxiedSession.StartAsync();
        foreach (var (path, content) in files)
        {
            File.WriteAllText(Path.Combine(s.Workspace, path), content);
        }

        return s;
    }

    /// <summary>Runs the script in a sandbox; <paramref name="variables"/> are passed with `[run] env` (halves of a value: no whole value in a file).</summary>
    public static Task<Vibedom.Core.Processes.ProcessResult> RunAsync(ProxiedSession s, string script, params (string Name, string Value)[] variables)
    {
        File.WriteAllText(Path.Combine(s.Workspace, "attack.sh"), script.ReplaceLineEndings("\n") + "\n");
        var environment = s.Vibedom.Environment();
        if (variables.Length > 0)
        {
            File.AppendAllText(Path.Combine(s.Vibedom.Home, "config.toml"), $"\n[run]\nenv = [{string.Join(", ", variables.Select(v => $"\"{v.Name}\""))}]\n");
            foreach (var (name, value) in variables)
            {
                environment[name] = value;
            }
        }

        return s.Vibedom.RunAsync(["run", s.Workspace, "--yes", "--allow-high-risk", "--", "bash", "attack.sh"], input: null, environment: environment, timeout: Generous);
    }

    public static ReceivedRequest Received(ProxiedSession s, string path) =>
        Assert.Single(s.Upstream.Received, r => r.Target == path || r.Target.StartsWith(path + "?", StringComparison.Ordinal));
}
