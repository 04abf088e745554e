using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace.Cgroups;
using Xunit;

namespace Vibedom.Runtimes.Tests.Namespace.Cgroups;

/// <summary>The disk watcher's measure against du's on real trees: deeper than PATH_MAX, with links, holes and empty folders.</summary>
public sealed class AllocatedTreeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vibedom-allocated-").FullName;

    public void Dispose() => ProcessRunner.Default.RunAsync(ProcessSpec.Of("rm", "-rf", _root)).GetAwaiter().GetResult();

    [Fact]
    public async Task Counts_what_du_counts_below_path_max_without_following_links()
    {
        // 1,400 folders (4,200 bytes of path) with 3 MiB at the bottom, links to / and /usr, a 1 GiB hole, files beside,
        // and names that are not UTF-8 or hold control chars
        await Python($"""
            import os
            os.chdir({Quoted(_root)})
            os.symlink('/', 'root'); os.symlink('/usr', 'usr')
            with open('sparse.bin', 'wb') as f: f.truncate(1 << 30)
            for i in range(20): open('f%d' % i, 'wb').write(b'y' * 5000)
            # names the agent controls: invalid UTF-8, control chars, the longest a name may be; a folder so named too
            for name in [b'bad\xff\xfe', b'new\nline\x1b[2J', b'n' * 255]: open(name, 'wb').write(b'w' * 70000)
            os.mkdir(b'dir\xff\n'); open(b'dir\xff\n/in\xc0', 'wb').write(b'v' * 80000)
            for i in range(1400):
                os.mkdir('dd'); os.chdir('dd')
                if i % 100 == 0: os.mkdir('side'); open('side/s', 'wb').write(b'z' * 9000)
            open('big.bin', 'wb').write(b'x' * (3 << 20))
            """);

        var measured = AllocatedTree.Measure(_root);

        var du = await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("du", "-s", "-B1", "-P", _root), TestContext.Current.CancellationToken);
        Assert.Equal(long.Parse(du.StandardOutput.Split('\t')[0], CultureInfo.InvariantCulture), measured);
        Assert.True(measured > 3 << 20, $"{measured} bytes: the file below PATH_MAX was not counted");
    }

    [Fact]
    public async Task A_chain_deeper_than_it_walks_cannot_be_measured()
    {
        await Python($"""
            import os
            os.chdir({Quoted(_root)})
            for i in range({AllocatedTree.MaxDepth + 1}):
                os.mkdir('d'); os.chdir('d')
            """);

        Assert.Null(AllocatedTree.Measure(_root));
    }

    [Fact]
    public void A_folder_that_is_gone_measures_nothing() =>
        Assert.Equal(0, AllocatedTree.Measure(Path.Combine(_root, "gone")));

    private static Task Python(string script) =>
        ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("python3", "-c", script), TestContext.Current.CancellationToken);

    private static string Quoted(string path) => "'" + path.Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
