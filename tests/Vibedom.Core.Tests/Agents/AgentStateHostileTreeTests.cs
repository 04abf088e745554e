using System.Runtime.InteropServices;
using Vibedom.Core.Agents;
using Vibedom.Core.Errors;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Agents;

/// <summary>
/// What a hostile agent plants in its state (found by the s19 red team) against the host's set-id clear and the private
/// copy: a tree too deep to walk, a sparse file, names with control characters.
/// </summary>
public sealed class AgentStateHostileTreeTests
{
    private const UnixFileMode SetId = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    [Fact]
    public void A_folder_tree_deeper_than_the_walk_allows_does_not_keep_set_id_files_elsewhere_in_the_state()
    {
        using var dir = new TempDirectory("agent-deep");
        var root = Path.Combine(dir.Path, "agents", "tiny");
        var state = Path.Combine(root, ".tiny");
        var shells = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            // set-id files both before and after the deep folder, in whatever order the folder lists them
            var shell = Path.Combine(state, $"s{i}", "rootsh");
            Directory.CreateDirectory(Path.GetDirectoryName(shell)!);
            File.WriteAllText(shell, "#!/bin/sh\n");
            File.SetUnixFileMode(shell, (UnixFileMode)0b110_111_101_101); // 6755
            shells.Add(shell);
            if (i == 3)
            {
                Directory.CreateDirectory(Path.Combine([state, "deep", .. Enumerable.Repeat("d", 300)])); // mkdir -p, 600 chars
            }
        }

        try
        {
            AgentState.ClearSetId(root); // what a session's end runs (detached host, stop, foreground)
        }
        catch (VibedomException)
        {
            // refused (exit 2 for the next session): fine, as long as no set-id bit is left
        }

        Assert.All(shells, s => Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(s) & SetId));
    }

    [Fact]
    public void A_sparse_file_in_the_state_does_not_take_its_full_size_on_disk_in_a_private_copy()
    {
        using var dir = new TempDirectory("agent-sparse");
        var shared = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(Path.Combine(shared, ".tiny"));
        var sparse = Path.Combine(shared, ".tiny", "hole");
        using (var file = File.Create(sparse))
        {
            file.SetLength(64L << 20); // 64 MiB of holes: no block on disk (the copy's budget is 1 GiB of apparent size)
        }

        var copy = Path.Combine(dir.Path, "session", "agent-state");
        Assert.True(AgentStateCopy.Make(shared, copy));

        var sharedBlocks = Blocks(sparse);
        var copiedBlocks = Blocks(Path.Combine(copy, ".tiny", "hole"));
        Assert.True(copiedBlocks <= sharedBlocks + 64, $"the copy allocated {copiedBlocks * 512 >> 20} MiB for a file holding {sharedBlocks * 512 >> 10} KiB");
    }

    [Fact]
    public void A_sparse_file_larger_than_the_copy_budget_is_copied_with_its_data_where_it_was()
    {
        using var dir = new TempDirectory("agent-sparse-big");
        var shared = Path.Combine(dir.Path, "agents", "tiny");
        Directory.CreateDirectory(Path.Combine(shared, ".tiny"));
        var sparse = Path.Combine(shared, ".tiny", "hole");
        using (var file = File.Create(sparse))
        {
            file.SetLength(4L << 30); // 4 GiB apparent, over the 1 GiB budget: only the data written below is charged
            file.Position = 3L << 30;
            file.Write("tail"u8);
        }

        var copy = Path.Combine(dir.Path, "session", "agent-state");
        Assert.True(AgentStateCopy.Make(shared, copy));

        using var copied = File.OpenRead(Path.Combine(copy, ".tiny", "hole"));
        Assert.Equal(4L << 30, copied.Length);
        var tail = new byte[4];
        copied.Position = 3L << 30;
        copied.ReadExactly(tail);
        Assert.Equal("tail"u8.ToArray(), tail);
        Assert.True(Blocks(Path.Combine(copy, ".tiny", "hole")) <= Blocks(sparse) + 64);
    }

    private static long Blocks(string path)
    {
        var stat = Vibedom.Core.Processes.ProcessRunner.Default.RunAsync(
            Vibedom.Core.Processes.ProcessSpec.Of("stat", "-c", "%b", path), CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(0, stat.ExitCode);
        return long.Parse(stat.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Names_with_newlines_and_escapes_are_copied_without_breaking_the_copy()
    {
        using var dir = new TempDirectory("agent-names");
        var shared = Path.Combine(dir.Path, "agents", "tiny");
        var state = Path.Combine(shared, ".tiny");
        Directory.CreateDirectory(state);
        var odd = "a\nb\u001b[2J\r" + new string('x', 200);
        File.WriteAllText(Path.Combine(state, odd), "ok");
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux));

        var copy = Path.Combine(dir.Path, "session", "agent-state");
        Assert.True(AgentStateCopy.Make(shared, copy));

        Assert.Equal("ok", File.ReadAllText(Path.Combine(copy, ".tiny", odd)));
    }
}
