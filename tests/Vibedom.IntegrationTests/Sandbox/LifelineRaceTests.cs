using System.Globalization;
using Vibedom.Core.Processes;
using Vibedom.Runtimes.Namespace;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// The lifeline's start race: when vibedom dies after starting the helper but before the helper
/// looked at its parent, the helper has been reparented (to init or a subreaper, which never exits)
/// and a lifeline on that parent would never fire: the sandbox would run on with nobody to stop it.
/// </summary>
public sealed class LifelineRaceTests
{
    [Fact]
    public async Task Helper_whose_starter_died_before_it_ran_starts_no_sandbox()
    {
        using var h = new SandboxHarness(SandboxUser.Root);
        var plan = h.Plan(["/bin/sh", "-c", "touch started; sleep 2"]);
        h.WriteFiles(plan);
        var errors = h.PathOf("helper.err");

        // the starter (outer sh) names itself as vibedom does, starts the helper's process (inner sh), which
        // stops before exec (ignoring the SIGHUP an orphaned stopped process gets); the starter exits; only
        // then does the helper run, reparented
        var env = new Dictionary<string, string>(plan.Environment, StringComparer.Ordinal);
        var starter = await ProcessRunner.Default.RunCheckedAsync(new ProcessSpec("/bin/sh",
        [
            "-c", $"{SandboxHelper.ParentVariable}=$$ /bin/sh -c 'trap \"\" HUP; kill -STOP $$; exec \"$@\"' inner \"$@\" </dev/null >'{errors}' 2>&1 & echo $!",
            "outer", plan.LaunchAs<NamespaceLaunch>().FileName, .. plan.LaunchAs<NamespaceLaunch>().Arguments,
        ])
        {
            Environment = env,
            InheritBasicEnvironment = false,
            Timeout = TimeSpan.FromSeconds(30),
        }, TestContext.Current.CancellationToken);
        var helper = int.Parse(starter.StandardOutput.Trim(), CultureInfo.InvariantCulture);
        try
        {
            for (var i = 0; i < 400 && StateOf(helper) != 'T'; i++)
            {
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }

            Assert.Equal('T', StateOf(helper));
            await ProcessRunner.Default.RunCheckedAsync(ProcessSpec.Of("kill", "-CONT", helper.ToString(CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken);
            for (var i = 0; i < 1200 && ProcFs.IsAlive(helper); i++)
            {
                await Task.Delay(25, TestContext.Current.CancellationToken);
            }

            Assert.False(ProcFs.IsAlive(helper), "the orphaned helper still runs");
        }
        finally
        {
            if (ProcFs.IsAlive(helper))
            {
                await ProcessRunner.Default.RunAsync(ProcessSpec.Of("kill", "-KILL", helper.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
            }
        }

        Assert.False(File.Exists(Path.Combine(h.Changes, "started")), "the sandbox ran although the process that started it was gone");
        Assert.Contains("the process that started the sandbox is gone", await File.ReadAllTextAsync(errors, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>The state letter of /proc/PID/stat ('T' stopped), or '?' when it is gone.</summary>
    private static char StateOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[text.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }
}
