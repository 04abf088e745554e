using Vibedom.Core.Config;
using Vibedom.Core.Errors;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Core.Tests.Config;

public sealed class ConfigLoaderTests
{
    public sealed class Parse
    {
        [Fact]
        public void Parse_empty_text_gives_defaults()
        {
            var (config, errors) = ConfigLoader.Parse(string.Empty, "config.toml");

            Assert.Empty(errors);
            Assert.Null(config.Runtime);
            Assert.Empty(config.DefaultCommand);
        }

        [Fact]
        public void Parse_every_key_reads_values()
        {
            const string text = """
                [run]
                runtime = "namespace"
                command = ["claude", "--verbose"]
                read_only_paths = ["~/.local/bin", "/opt/tools"]
                env = ["ANTHROPIC_API_KEY"]
                [network]
                upstream_ca = ["/etc/ca.pem"]
                allow_private = ["127.0.0.1/32"]
                [network.hosts]
                "api.example.com" = "127.0.0.1:8443"
                """;

            var (config, errors) = ConfigLoader.Parse(text, "config.toml");

            Assert.Empty(errors);
            Assert.Equal("namespace", config.Runtime);
            Assert.Equal(["claude", "--verbose"], config.DefaultCommand);
            Assert.Equal(["~/.local/bin", "/opt/tools"], config.ReadOnlyPaths);
            Assert.Equal(["ANTHROPIC_API_KEY"], config.PassEnvironment);
            Assert.Equal(["/etc/ca.pem"], config.UpstreamCaFiles);
            Assert.Equal(["127.0.0.1/32"], config.AllowPrivate);
            Assert.Equal("127.0.0.1:8443", config.HostOverrides["api.example.com"]);
        }

        [Fact]
        public void Parse_syntax_error_reports_file_line_and_column()
        {
            var (_, errors) = ConfigLoader.Parse("[run]\nruntime = \n", "/h/config.toml");

            var error = Assert.Single(errors);
            Assert.Equal("/h/config.toml", error.File);
            Assert.Equal(2, error.Line);
            Assert.StartsWith("/h/config.toml(2,", error.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_syntax_errors_that_follow_from_one_are_left_out_and_a_separate_one_is_kept()
        {
            var (_, errors) = ConfigLoader.Parse("[run\ncommand = [\"a\"]\n\n[limits]\nmemory = \"8G\n", "c.toml");

            Assert.Equal(
                ["c.toml(1,5): expected `]` here, found the end of the line",
                 "c.toml(5,13): Invalid newline in a string"],
                errors.Select(e => e.ToString()));
        }

        [Fact]
        public void Parse_a_typo_of_a_key_names_the_key_meant_and_an_unrelated_one_names_none()
        {
            var (_, errors) = ConfigLoader.Parse("[run]\nread_only_path = []\ncolour = 1\n[limits]\nmemroy = \"1G\"\n", "c.toml");

            Assert.Equal(
                ["c.toml(2,1): unknown key 'run.read_only_path' (did you mean 'read_only_paths'? known: runtime, command, env, read_only_paths)",
                 "c.toml(3,1): unknown key 'run.colour' (known: runtime, command, env, read_only_paths)",
                 "c.toml(5,1): unknown key 'limits.memroy' (did you mean 'memory'? known: memory, pids, cpu, disk, network_log, connections)"],
                errors.Select(e => e.ToString()));
        }

        [Fact]
        public void Parse_unknown_runtime_and_typo_reports_every_error_with_location()
        {
            var (_, errors) = ConfigLoader.Parse("[run]\nruntime = \"dockr\"\n[netwrk]\n", "c.toml");

            Assert.Equal(
                ["c.toml(2,11): run.runtime: unknown runtime 'dockr' (expected one of: namespace, docker, podman, apple)",
                 "c.toml(3,2): unknown table [netwrk] (known: [run], [network], [network.hosts], [limits], [dlp], [[credentials]], [agents.NAME])"],
                errors.Select(e => e.ToString()));
        }

        [Fact]
        public void Parse_env_names_that_are_invalid_or_owned_by_the_sandbox_are_errors()
        {
            var (_, errors) = ConfigLoader.Parse("[run]\nenv = [\"OK_KEY\", \"1BAD\", \"HTTPS_PROXY\", \"PATH\"]\n", "c.toml");

            Assert.Equal(
                ["c.toml(2,7): run.env: '1BAD' is not an environment variable name",
                 "c.toml(2,7): run.env: 'HTTPS_PROXY' is set by vibedom itself and cannot be passed in",
                 "c.toml(2,7): run.env: 'PATH' is set by vibedom itself and cannot be passed in"],
                errors.Select(e => e.ToString()));
        }

        [Fact]
        public void Parse_bad_cidr_and_bad_host_target_are_errors()
        {
            var (_, errors) = ConfigLoader.Parse("[network]\nallow_private = [\"10.0.0.0/99\"]\n[network.hosts]\n\"a.test\" = \"nowhere\"\n", "c.toml");

            Assert.Equal(2, errors.Count);
            Assert.Contains("c.toml(2,17): network.allow_private: '10.0.0.0/99' is not a CIDR range", errors[0].ToString(), StringComparison.Ordinal);
            Assert.Contains("c.toml(4,12): network.hosts.\"a.test\": 'nowhere' is not an address or address:port", errors[1].ToString(), StringComparison.Ordinal);
        }
    }

    public sealed class Load
    {
        [Fact]
        public void Load_missing_file_gives_defaults()
        {
            Assert.Same(VibedomConfig.Default, ConfigLoader.Load("/nonexistent/config.toml"));
        }

        [Fact]
        public void Load_invalid_file_throws_usage_error_naming_the_file()
        {
            using var dir = new TempDirectory();
            var path = dir.Write("config.toml", "[run]\nunknown = 1\n");

            var error = Assert.Throws<VibedomException>(() => ConfigLoader.Load(path));

            Assert.Equal(2, error.ExitCode);
            Assert.Equal($"{path}(2,1): unknown key 'run.unknown' (known: runtime, command, env, read_only_paths)", error.Message);
        }
    }
}
