using Vibedom.Core.Processes;
using Vibedom.Core.Workspace;
using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Rules;
using Vibedom.Scanning.Sources;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Workspace;

/// <summary>The secret scan over <see cref="RawNameTree"/>: names that are not UTF-8 are listed, walked and opened by their bytes.</summary>
public sealed class RawNameTreeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_secret_in_a_folder_and_file_whose_names_are_not_utf8_is_found_under_the_escaped_path_and_symlinks_and_fifos_are_not_read()
    {
        Prerequisite.RequireCommand("python3");
        using var temp = new TempDirectory();
        var secret = TestSecrets.StripeLiveKey;
        await ProcessRunner.Default.RunCheckedAsync(
            ProcessSpec.Of("python3", "-c", """
                import os, sys
                root = os.fsencode(sys.argv[1])
                os.mkdir(root + b'/d\xfe')
                open(root + b'/d\xfe/key\xff.env', 'w').write('STRIPE_SECRET_KEY=' + sys.argv[2] + '\n')
                os.symlink(root + b'/d\xfe/key\xff.env', root + b'/link\xff.env')
                os.mkfifo(root + b'/pipe\xff')
                """, temp.Path, secret),
            Ct);

        var result = await new FileTreeScanner(new Detector(RuleLoader.LoadDefault()), new ScanOptions { Tree = RawNameTree.Instance })
            .ScanAsync(temp.Path, null, Ct);

        var finding = Assert.Single(result.Findings); // the symlink is not followed: one finding, in the file itself
        Assert.Equal("d\udcfe/key\udcff.env", finding.File);
        Assert.Contains(secret, result.SecretValues.Values);
        Assert.Empty(result.Unreadable);
        Assert.Equal(2, result.FilesScanned); // the file and the fifo (path rules only, never opened)
    }

    [Fact]
    public async Task The_default_tree_cannot_open_such_a_name_and_reports_it_unscanned()
    {
        Prerequisite.RequireCommand("python3");
        using var temp = new TempDirectory();
        await ProcessRunner.Default.RunCheckedAsync(
            ProcessSpec.Of("python3", "-c", "import os, sys; open(os.fsencode(sys.argv[1]) + b'/key\\xff.env', 'w').write('x')", temp.Path), Ct);

        var result = await new FileTreeScanner(new Detector(RuleLoader.LoadDefault())).ScanAsync(temp.Path, null, Ct);

        Assert.Contains("not valid UTF-8", Assert.Single(result.Unreadable).Reason, StringComparison.Ordinal);
    }
}
