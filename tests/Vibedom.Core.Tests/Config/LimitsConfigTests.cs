using Vibedom.Core.Config;
using Vibedom.Core.Limits;
using Xunit;

namespace Vibedom.Core.Tests.Config;

public sealed class LimitsConfigTests
{
    [Fact]
    public void Parse_every_limits_key_reads_values()
    {
        var (config, errors) = ConfigLoader.Parse("[limits]\nmemory = \"8G\"\npids = 4096\ncpu = 1.5\ndisk = \"20G\"\nnetwork_log = \"256M\"\nconnections = 64\n", "c.toml");

        Assert.Empty(errors);
        Assert.Equal(new LimitSettings { Memory = 8L << 30, Pids = 4096, Cpu = 1.5, Disk = 20L << 30, NetworkLog = 256L << 20, Connections = 64 }, config.Limits);
    }

    [Fact]
    public void Parse_integer_cpu_and_byte_counts_are_accepted()
    {
        var (config, errors) = ConfigLoader.Parse("[limits]\ncpu = 2\nmemory = 1073741824\n", "c.toml");

        Assert.Empty(errors);
        Assert.Equal(2.0, config.Limits.Cpu);
        Assert.Equal(1L << 30, config.Limits.Memory);
    }

    [Fact]
    public void Parse_bad_limits_report_every_error_with_location()
    {
        const string text = "[limits]\nmemory = \"8X\"\npids = 2\ncpu = \"two\"\ndisk = \"10K\"\nswap = 1\nnetwork_log = \"100K\"\nconnections = 8\n";

        var (_, errors) = ConfigLoader.Parse(text, "c.toml");

        Assert.Equal(
            ["c.toml(2,10): limits.memory: expected a size such as \"8G\" or \"512M\" (K, M, G, T: powers of 1024)",
             "c.toml(3,8): limits.pids: expected a whole number of processes from 8 to 4194304, e.g. 4096",
             "c.toml(4,7): limits.cpu: expected a number of cores from 0.01 to 1024, e.g. 2 or 1.5",
             "c.toml(5,8): limits.disk: 10 KiB is below the minimum of 1 MiB",
             "c.toml(6,1): unknown key 'limits.swap' (known: memory, pids, cpu, disk, network_log, connections)",
             "c.toml(7,15): limits.network_log: 100 KiB is below the minimum of 1 MiB",
             "c.toml(8,15): limits.connections: expected a whole number of connections from 16 to 65536, e.g. 256"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_the_init_template_has_no_errors_and_documents_every_limits_key()
    {
        var template = File.ReadAllText(Path.Combine(Vibedom.Testing.RepositoryRoot.Path, "src/Vibedom.Core/Home/Templates/config.toml"));

        var (config, errors) = ConfigLoader.Parse(template, "config.toml");

        Assert.Empty(errors);
        Assert.Equal(new LimitSettings(), config.Limits);
        Assert.All(["# memory = ", "# pids = ", "# cpu = ", "# disk = ", "# network_log = ", "# connections = "], key => Assert.Contains(key, template, StringComparison.Ordinal));
    }

    [Fact]
    public void For_this_machine_unset_keys_default_from_the_machine()
    {
        using var proc = new Vibedom.Testing.TempDirectory();
        proc.Write("meminfo", "MemTotal:       16384000 kB\nMemFree: 1 kB\n");

        var limits = ResourceLimits.ForThisMachine(new LimitSettings { Pids = 64 }, Path.Combine(proc.Path, "meminfo"));

        Assert.Equal(new ResourceLimits(16384000L * 1024 / 2, 64, Environment.ProcessorCount, 20L << 30), limits);
    }
}
