using Xunit;
using Vibedom.Core.Processes;
using Vibedom.Testing;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>
/// A real overlay in a temp dir: lower (the workspace), upper (the agent's changes), work and merged.
/// Changes are made through the merged view inside a private mount namespace, which is gone when the
/// script ends, so nothing stays mounted; the upper dir is then read as vibedom reads a session's changes/.
/// </summary>
internal sealed class OverlayLayers : IDisposable
{
    private readonly TempDirectory _temp = new("vibedom-overlay");

    public OverlayLayers()
    {
        Directory.CreateDirectory(Lower);
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Merged);
    }

    public string Lower => _temp.Combine("lower");

    public string Upper => _temp.Combine("upper");

    public string Work => _temp.Combine("work");

    public string Merged => _temp.Combine("merged");

    public string Combine(params string[] parts) => _temp.Combine(parts);

    /// <summary>Writes a file of the lower layer (the workspace as it was when the session started).</summary>
    public string WriteLower(string relative, string content)
    {
        var path = Path.Combine(Lower, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Root: a private mount namespace and trusted.overlay.* xattrs.</summary>
    public static void RequireRootOverlay()
    {
        Prerequisite.Require(Prerequisite.IsRoot, "mounting an overlay as root needs root");
        Prerequisite.RequireCommand("unshare");
    }

    /// <summary>Runs <paramref name="script"/> (sh) in the merged dir of a real overlay, then unmounts it.</summary>
    public async Task ChangeAsync(string script, bool rootless = false, string extraOptions = "")
    {
        var options = $"{(rootless ? "userxattr," : string.Empty)}{extraOptions}lowerdir={Lower},upperdir={Upper},workdir={Work}";
        var body = $"mount -t overlay overlay -o '{options}' '{Merged}' && cd '{Merged}' && ( {script} )";
        string[] args = rootless
            ? ["-Ur", "-m", "sh", "-c", body]
            : ["-m", "--propagation", "private", "sh", "-c", body];
        await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("unshare", args), TestContext.Current.CancellationToken);
    }

    public void Dispose() => _temp.Dispose();
}
