using Vibedom.Core.Errors;
using Vibedom.Core.Sandbox.Host;

namespace Vibedom.Core.Sandbox;

/// <summary>How a read-only mount that holds a credential is shown inside, so that nothing the host does later shows the credential.</summary>
public static partial class SandboxPolicy
{
    /// <summary>Entries of one host folder mounted one by one around a credential, at most.</summary>
    public const int MaxEntriesAroundCredential = 256;

    /// <summary>
    /// The steps that show <paramref name="mount"/> with its credentials hidden: each folder on the way to one is a fresh folder of the
    /// sandbox's own holding that host folder's other entries as the session starts (a bind each, a symlink made again), a credential there
    /// masked, then sealed read-only. A mask bound inside a bound host folder would stand on the host's name for the file: the kernel drops
    /// such a mount, in every namespace, when that name is renamed over or removed, and an atomic save (a new file renamed over the old, as
    /// gh, editors and agents write their tokens) would then show the new credential inside. Here every mount point is the sandbox's own,
    /// and a credential written later under a new name is not shown either.
    /// </summary>
    /// <exception cref="VibedomException">A folder on the way holds more than <see cref="MaxEntriesAroundCredential"/> entries (usage error).</exception>
    public static IReadOnlyList<ReadOnlyStep> ReadOnlyView(string what, CheckedMount mount, IHostFiles files)
    {
        var steps = new List<ReadOnlyStep>();
        var guarded = mount.Masks.Select(m => m.Target[(mount.Target.Length + 1)..]).ToList();
        AddFolder(what, mount.Target, mount.Source, guarded, files, steps);
        return steps;
    }

    private static void AddFolder(string what, string target, string source, List<string> guarded, IHostFiles files, List<ReadOnlyStep> steps)
    {
        var names = files.ListDirectory(source);
        if (names.Count(n => !guarded.Contains(n, StringComparer.Ordinal)) > MaxEntriesAroundCredential)
        {
            throw VibedomException.Usage(
                $"refusing {what} {target}: {source} holds a credential and more than {MaxEntriesAroundCredential} other entries, each mounted on its own " +
                "around it; list the folders the agent needs in it instead");
        }

        steps.Add(new ReadOnlyStep(ReadOnlyStepKind.Folder, target));
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var (childTarget, childSource) = (target + "/" + name, source + "/" + name);
            var below = guarded.Where(g => g.StartsWith(name + "/", StringComparison.Ordinal)).Select(g => g[(name.Length + 1)..]).ToList();
            if (guarded.Contains(name, StringComparer.Ordinal))
            {
                steps.Add(new ReadOnlyStep(files.IsDirectory(childSource) ? ReadOnlyStepKind.MaskFolder : ReadOnlyStepKind.MaskFile, childTarget));
            }
            else if (files.ReadLink(childSource) is { } link)
            {
                steps.Add(new ReadOnlyStep(ReadOnlyStepKind.Link, childTarget, link));
            }
            else if (below.Count > 0 && files.IsDirectory(childSource))
            {
                AddFolder(what, childTarget, childSource, below, files, steps);
            }
            else
            {
                steps.Add(new ReadOnlyStep(ReadOnlyStepKind.Bind, childTarget, childSource));
            }
        }

        steps.Add(new ReadOnlyStep(ReadOnlyStepKind.Seal, target));
    }
}
