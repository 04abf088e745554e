using Vibedom.Core.Agents;
using Vibedom.Core.Errors;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.RedTeam;

/// <summary>
/// A seed written into a state folder while an agent (of a session still running) swaps a folder on the seed's way for
/// a symbolic link to a host folder, over and over: the seed lands inside the state or the run stops with one line; never
/// in the link's target. Fails on path-based seeding (checked, then written through whatever the path is by then).
/// </summary>
public sealed class AgentSeedParentSwapTests
{
    private static readonly AgentProfile Profile = new("tiny")
    {
        State = ["~/.tiny/"],
        Seed = new Dictionary<string, string> { ["~/.tiny/sub/conf.json"] = """{"seeded": true}""" },
    };

    [Fact]
    public async Task A_seed_never_lands_where_a_swapped_in_link_points()
    {
        using var dir = new TempDirectory("rt-seed-swap");
        var victim = Path.Combine(dir.Path, "victim");
        Directory.CreateDirectory(victim);
        var state = Path.Combine(dir.Path, "agents", "tiny", ".tiny");
        var sub = Path.Combine(state, "sub");
        var aside = Path.Combine(state, "sub.d");
        Directory.CreateDirectory(sub);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                TryDo(() =>
                {
                    if (Directory.Exists(aside))
                    {
                        Directory.Delete(aside, recursive: true);
                    }

                    Directory.Move(sub, aside); // the real folder out of the way ...
                });
                TryDo(() => File.CreateSymbolicLink(sub, victim)); // ... a link to a host folder in its place
                Thread.SpinWait(300);
                TryDo(() =>
                {
                    if (new FileInfo(sub).LinkTarget is not null)
                    {
                        File.Delete(sub);
                    }
                    else if (Directory.Exists(sub) && Directory.Exists(aside))
                    {
                        Directory.Delete(sub, recursive: true);
                    }

                    Directory.Move(aside, sub); // ... and the folder back
                });
                Thread.SpinWait(300);
            }
        }, TestContext.Current.CancellationToken);

        var written = 0;
        var refused = 0;
        var failures = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                AgentState.Prepare(new Home.VibedomHome(dir.Path), Profile, new SeedValues("/w", "/h", "t"));
                written++;
            }
            catch (VibedomException e) when (e.Message.Contains("refusing to use it", StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or VibedomException)
            {
                failures.Add(e.GetType().Name + ": " + e.Message);
            }
        }

        await swapper;
        Assert.True(Directory.GetFileSystemEntries(victim).Length == 0, $"a seed landed in the link's target: {string.Join(", ", Directory.GetFileSystemEntries(victim).Select(Path.GetFileName))}");
        Assert.True(failures.Count == 0, $"not one clear line ({failures.Count} times): {failures.FirstOrDefault()}");
        Assert.True(written + refused > 20, $"too few attempts: {written} written, {refused} refused");
    }

    private static void TryDo(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the other side moved it meanwhile
        }
    }
}
