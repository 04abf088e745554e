using System.Text.Json;
using Vibedom.Testing;
using Vibedom.Testing.Terminal;
using Xunit;

namespace Vibedom.IntegrationTests.EndToEnd;

/// <summary>
/// "Hide these files from the agent" at the pre-flight review, through the real binary: a flagged file cannot be read
/// inside, as root and as an ordinary user, foreground, detached (exec) and answered at a terminal, and nothing the
/// agent does (unmount, remove, rename it or its folder, link, copy, overwrite, a new namespace) shows its content;
/// the host file is untouched and no review offers to change it.
/// </summary>
public sealed class HiddenFilesTests
{
    /// <summary>Every way in an agent without capabilities has; each prints what it read, if anything.</summary>
    private const string Attacks = """
        cat .env; cat config/prod.env
        cat .env >/dev/null 2>&1 || echo HIDDEN-UNREADABLE; test -s .env || echo HIDDEN-SIZE-0
        umount .env 2>/dev/null || echo UMOUNT-REFUSED
        umount -l config/prod.env 2>/dev/null || echo UMOUNT-REFUSED
        rm -f .env 2>/dev/null || echo RM-REFUSED
        mv .env moved.env 2>/dev/null || echo MV-REFUSED; cat moved.env 2>/dev/null
        echo overwritten > .env 2>/dev/null || echo WRITE-REFUSED
        ln .env hard.env 2>/dev/null || echo LINK-REFUSED; cat hard.env 2>/dev/null
        cp .env copy.env 2>/dev/null; cat copy.env 2>/dev/null
        mv config config2 2>/dev/null; cat config2/prod.env config/prod.env 2>/dev/null
        unshare -rm sh -c 'umount .env; cat .env' 2>/dev/null || echo UNSHARE-REFUSED
        python3 -c "print(open('.env').read())" 2>/dev/null
        cat /proc/self/root$PWD/.env /proc/1/root$PWD/.env 2>/dev/null
        grep -rs STRIPE . | head -5
        echo ATTACKS-DONE
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hidden_file_reads_empty_and_nothing_the_agent_does_unmasks_it(bool asNobody)
    {
        Prerequisite.RequireCommand("bwrap");
        if (asNobody)
        {
            Prerequisite.Require(Prerequisite.IsRoot, "needs root to become uid 65534");
        }

        using var vibedom = new VibedomBinary();
        var secret = TestSecrets.StripeLiveKey;
        var env = $"STRIPE_SECRET_KEY={secret}\n";
        var workspace = vibedom.Workspace("proj", (".env", env), ("config/prod.env", $"STRIPE={secret}\n"), ("src/app.py", "print('hi')\n"));
        string[] run = ["run", workspace, "--hide-flagged", "--", "sh", "-c", Attacks];
        if (asNobody)
        {
            await vibedom.GiveToNobodyAsync();
        }

        var result = asNobody ? await vibedom.RunAsNobodyAsync(run) : await vibedom.RunAsync(run);

        var all = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, all);
        Assert.Contains("ATTACKS-DONE", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        Assert.DoesNotContain("STRIPE", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("hiding 2 file(s) from the agent (--hide-flagged): .env, config/prod.env", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("HIDDEN-UNREADABLE", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("HIDDEN-SIZE-0", result.StandardOutput, StringComparison.Ordinal);
        foreach (var refused in new[] { "UMOUNT-REFUSED", "RM-REFUSED", "MV-REFUSED", "WRITE-REFUSED", "LINK-REFUSED", "UNSHARE-REFUSED" })
        {
            Assert.Contains(refused, result.StandardOutput, StringComparison.Ordinal);
        }

        // the host's files are as they were, and the review holds nothing that would change them
        Assert.Equal(env, await File.ReadAllTextAsync(Path.Combine(workspace, ".env"), TestContext.Current.CancellationToken));
        var stat = asNobody ? await vibedom.RunAsNobodyAsync(["diff", "--stat"], workspace) : await vibedom.RunAsync(["diff", "--stat"], input: null, workingDirectory: workspace);
        Assert.DoesNotContain(" .env", stat.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(" config/prod.env", stat.StandardOutput, StringComparison.Ordinal);
        var preflight = Directory.GetFiles(Path.Combine(vibedom.Home, "logs"), "preflight.json", SearchOption.AllDirectories).Single();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(preflight, TestContext.Current.CancellationToken));
        Assert.Equal("hide", json.RootElement.GetProperty("decision").GetString());
        Assert.Equal([".env", "config/prod.env"], json.RootElement.GetProperty("hidden").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Hidden_file_stays_hidden_from_exec_in_a_detached_session()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var secret = TestSecrets.GitHubPat;
        var workspace = vibedom.Workspace("proj", (".env", $"GITHUB_TOKEN={secret}\n"));

        var start = await vibedom.RunAsync("run", workspace, "--detach", "--hide-flagged", "--name", "bg", "--", "sleep", "600");
        try
        {
            Assert.True(start.ExitCode == 0, start.StandardError);
            var exec = await vibedom.RunAsync("exec", "bg", "--", "sh", "-c", "cat .env; umount .env 2>/dev/null || echo UMOUNT-REFUSED; echo EXEC-DONE");

            Assert.Contains("EXEC-DONE", exec.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("UMOUNT-REFUSED", exec.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, exec.StandardOutput + exec.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await vibedom.RunAsync("stop", "bg", "--keep");
        }
    }

    [Fact]
    public async Task Hide_answered_at_the_terminal_hides_the_flagged_files()
    {
        Prerequisite.RequireCommand("bwrap");
        Prerequisite.RequireCommand("tmux");
        using var vibedom = new VibedomBinary();
        var secret = TestSecrets.StripeLiveKey;
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={secret}\n"));

        await using var tmux = await TmuxPane.StartAsync(vibedom, $"{VibedomBinary.Executable} run {workspace} -- sh -c 'echo START''ED; cat .env || echo UNREAD''ABLE'; echo EXIT=$?; echo VIBEDOM-DONE");
        var question = await tmux.WaitForAsync("(default: cancel): ");
        await tmux.SendKeysAsync("h");
        var screen = await tmux.WaitForAsync("VIBEDOM-DONE");

        Assert.Contains("[h]ide the 1 file(s) from the agent", question, StringComparison.Ordinal);
        Assert.Contains("STARTED", screen, StringComparison.Ordinal);
        Assert.True(screen.Contains("UNREADABLE", StringComparison.Ordinal), screen);
        Assert.Contains("EXIT=0", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_at_the_preflight_leaves_no_session_behind()
    {
        Prerequisite.RequireCommand("bwrap");
        using var vibedom = new VibedomBinary();
        var workspace = vibedom.Workspace("proj", (".env", $"STRIPE_SECRET_KEY={TestSecrets.StripeLiveKey}\n"));

        var refused = await vibedom.RunAsync("run", workspace, "--yes", "--", "true");
        var sessions = await vibedom.RunAsync("sessions", "--json");

        Assert.Equal(5, refused.ExitCode);
        Assert.Equal("[]", sessions.StandardOutput.Trim());
        Assert.Empty(Directory.GetDirectories(Path.Combine(vibedom.Home, "logs")));
    }
}
