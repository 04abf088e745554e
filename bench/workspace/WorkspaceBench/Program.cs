using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;

// usage: WorkspaceBench HOME WORKSPACE FILES CHANGED
// Builds WORKSPACE with FILES text files in nested folders, creates a vibedom session for it under HOME
// (manifest taken as `run` does), then lets a stand-in agent change CHANGED files through a real overlay
// (80% edited, 10% added, 10% deleted) whose upper dir is the session's changes/. Prints the manifest time.
// usage: WorkspaceBench --start-store WORKSPACE ROUNDS
// The manifest of an existing WORKSPACE without and with the start store (the base of conflicts), alternately,
// ROUNDS pairs: CPU (this process, all threads) and wall per build, and the store's size.
if (args is ["--start-store", var storeWorkspace, var rounds])
{
    return StartStoreBench.Run(Path.GetFullPath(storeWorkspace), int.Parse(rounds, CultureInfo.InvariantCulture));
}

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: WorkspaceBench HOME WORKSPACE FILES CHANGED");
    return 2;
}

var home = new VibedomHome(Path.GetFullPath(args[0]));
var workspace = Path.GetFullPath(args[1]);
var files = int.Parse(args[2], CultureInfo.InvariantCulture);
var changed = int.Parse(args[3], CultureInfo.InvariantCulture);

var names = new List<string>(files);
for (var i = 0; i < files; i++)
{
    var relative = $"src/m{i % 20:00}/p{i / 20 % 25:00}/file{i:00000}.txt";
    names.Add(relative);
    var full = Path.Combine(workspace, relative);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    var text = new StringBuilder();
    for (var line = 0; line < 40; line++)
    {
        text.Append(CultureInfo.InvariantCulture, $"line {line} of file {i}: the quick brown fox jumps over the lazy dog\n");
    }

    File.WriteAllText(full, text.ToString());
}

var session = new SessionStore(home, TimeProvider.System).Create(workspace, "bench", "namespace", ["true"], detached: false);
var watch = Stopwatch.StartNew();
var manifest = SessionWorkspace.CaptureManifest(session);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"manifest of {manifest.Count} paths (first, with JIT): {watch.Elapsed.TotalMilliseconds:0} ms"));
watch.Restart();
Manifest.Build(workspace);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"manifest again (stat + SHA-256 of files up to 64 KiB): {watch.Elapsed.TotalMilliseconds:0} ms"));
watch.Restart();
Manifest.Build(workspace, hashLimit: -1);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"manifest without hashes (stat only): {watch.Elapsed.TotalMilliseconds:0} ms"));

var script = new StringBuilder("set -e\n");
var step = Math.Max(1, files / Math.Max(1, changed));
for (var k = 0; k < changed; k++)
{
    var target = names[(k * step) % files];
    switch (k % 10)
    {
        case 0:
            script.Append(CultureInfo.InvariantCulture, $"rm '{target}'\n");
            break;
        case 1:
            script.Append(CultureInfo.InvariantCulture, $"echo 'new file {k}' > '{target}.new'\n");
            break;
        default:
            script.Append(CultureInfo.InvariantCulture, $"sed -i 's/line 7 of/line SEVEN of/' '{target}'\n");
            break;
    }
}

var scriptFile = Path.Combine(session.Paths.Directory, "bench-agent.sh");
File.WriteAllText(scriptFile, script.ToString());
var merged = Path.Combine(session.Paths.Directory, "merged");
Directory.CreateDirectory(merged);
// the merged view is also copied out, as the peer (git diff --no-index) needs two real trees
var mergedCopy = Path.Combine(Path.GetDirectoryName(workspace)!, "merged-copy");
var body = $"mount -t overlay overlay -o lowerdir={workspace},upperdir={session.Paths.Changes},workdir={session.Paths.OverlayWork} {merged} && cd {merged} && sh {scriptFile} && cp -a {merged}/. {mergedCopy}/";
Directory.CreateDirectory(mergedCopy);
var result = await ProcessRunner.Default.RunAsync(new ProcessSpec("unshare", ["-m", "--propagation", "private", "sh", "-c", body]));
if (!result.Succeeded)
{
    Console.Error.WriteLine($"agent stand-in failed: {result.FirstErrorLine}");
    return 1;
}

Directory.Delete(merged);
session.Update(r => r with { State = SessionState.Exited });
Console.WriteLine(session.Id);
return 0;
