using Vibedom.Core.Config;
using Xunit;

namespace Vibedom.Core.Tests.Config;

/// <summary>[[credentials]]: env and hosts required, exact host names, every error at file(line,col).</summary>
public sealed class CredentialsConfigTests
{
    [Fact]
    public void Parse_credentials_reads_each_entry_with_normalised_hosts()
    {
        const string text = """
            [[credentials]]
            env = "ANTHROPIC_API_KEY"
            hosts = ["api.anthropic.com"]

            [[credentials]]
            env = "OPENAI_API_KEY"
            hosts = ["API.openai.com.", "api.openai.com"]
            """;

        var (config, errors) = ConfigLoader.Parse(text, "c.toml");

        Assert.Empty(errors);
        Assert.Equal(
            [("ANTHROPIC_API_KEY", "api.anthropic.com", "c.toml(1,1)"), ("OPENAI_API_KEY", "api.openai.com", "c.toml(5,1)")],
            config.Credentials.Select(c => (c.Env, string.Join(',', c.Hosts), $"{c.At.File}({c.At.Line},{c.At.Column})")));
    }

    [Fact]
    public void Parse_credentials_without_env_or_hosts_are_errors_at_the_entry()
    {
        var (config, errors) = ConfigLoader.Parse("[[credentials]]\nenv = \"KEY\"\n[[credentials]]\nhosts = [\"a.test\"]\n", "c.toml");

        Assert.Equal(
            ["c.toml(1,1): credentials: missing hosts (e.g. hosts = [\"api.anthropic.com\"])",
             "c.toml(3,1): credentials: missing env (e.g. env = \"ANTHROPIC_API_KEY\")"],
            errors.Select(e => e.ToString()));
        Assert.Empty(config.Credentials);
    }

    [Fact]
    public void Parse_credentials_with_bad_names_hosts_and_keys_report_each_with_its_location()
    {
        const string text = """
            [[credentials]]
            env = "PATH"
            hosts = []
            [[credentials]]
            env = "1KEY"
            hosts = ["*.anthropic.com", "https://x.test", "a.test:443"]
            scope = "x"
            """;

        var (_, errors) = ConfigLoader.Parse(text, "c.toml");

        Assert.Equal(
            ["c.toml(2,7): credentials.env: 'PATH' is set by vibedom itself and cannot be a credential",
             "c.toml(3,9): credentials.hosts: name at least one host that receives the real value, e.g. [\"api.anthropic.com\"]",
             "c.toml(5,7): credentials.env: '1KEY' is not an environment variable name",
             "c.toml(6,9): credentials.hosts: '*.anthropic.com': a credential goes to exact host names only (subdomains are other servers); name each host",
             "c.toml(6,9): credentials.hosts: 'https://x.test': a host name only, without scheme, port or path",
             "c.toml(6,9): credentials.hosts: 'a.test:443': a host name only, without scheme, port or path",
             "c.toml(7,1): unknown key 'credentials.scope' (known: env, hosts, in, headers)"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_a_credential_also_passed_in_plain_or_bound_twice_is_an_error()
    {
        const string text = """
            [run]
            env = ["ANTHROPIC_API_KEY"]
            [[credentials]]
            env = "ANTHROPIC_API_KEY"
            hosts = ["api.anthropic.com"]
            [[credentials]]
            env = "ANTHROPIC_API_KEY"
            hosts = ["other.test"]
            """;

        var (_, errors) = ConfigLoader.Parse(text, "c.toml");

        Assert.Equal(
            ["c.toml(3,1): credentials: ANTHROPIC_API_KEY is also in [run] env, which would pass its real value in; remove it there",
             "c.toml(6,1): credentials: ANTHROPIC_API_KEY is bound twice; list all its hosts in one entry",
             "c.toml(6,1): credentials: ANTHROPIC_API_KEY is also in [run] env, which would pass its real value in; remove it there"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_the_init_templates_credentials_example_once_uncommented_reads_one_credential()
    {
        var template = File.ReadAllText(Path.Combine(Vibedom.Testing.RepositoryRoot.Path, "src/Vibedom.Core/Home/Templates/config.toml"));
        var uncommented = template.Replace("# [[credentials]]", "[[credentials]]", StringComparison.Ordinal)
            .Replace("# env = \"ANTHROPIC_API_KEY\"", "env = \"ANTHROPIC_API_KEY\"", StringComparison.Ordinal)
            .Replace("# hosts = ", "hosts = ", StringComparison.Ordinal);

        var (config, errors) = ConfigLoader.Parse(uncommented, "config.toml");

        Assert.Empty(errors);
        Assert.Equal(("ANTHROPIC_API_KEY", "api.anthropic.com"), Assert.Single(config.Credentials) is var c ? (c.Env, Assert.Single(c.Hosts)) : default);
    }

    [Fact]
    public void Parse_credentials_written_as_a_plain_table_says_to_use_an_array_of_tables()
    {
        var (_, errors) = ConfigLoader.Parse("[credentials]\nenv = \"KEY\"\n", "c.toml");

        Assert.Equal(["c.toml(1,2): credentials: one entry per variable, written [[credentials]] (an array of tables)"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_credentials_default_to_the_auth_headers_and_opt_in_to_query_and_body_with_in()
    {
        const string text = """
            [[credentials]]
            env = "A_KEY"
            hosts = ["a.test"]
            [[credentials]]
            env = "B_KEY"
            hosts = ["b.test"]
            in = ["header", "query", "body"]
            headers = ["X-Custom-Key"]
            """;

        var (config, errors) = ConfigLoader.Parse(text, "c.toml");

        Assert.Empty(errors);
        Assert.Equal(Vibedom.Proxy.Credentials.CredentialPlaces.Header, config.Credentials[0].In);
        Assert.Empty(config.Credentials[0].Headers);
        Assert.Equal(Vibedom.Proxy.Credentials.CredentialPlaces.Header | Vibedom.Proxy.Credentials.CredentialPlaces.Query | Vibedom.Proxy.Credentials.CredentialPlaces.Body, config.Credentials[1].In);
        Assert.Equal(["X-Custom-Key"], config.Credentials[1].Headers);
    }

    [Fact]
    public void Parse_credentials_with_an_unknown_place_or_a_bad_header_name_are_errors_at_file_line_col()
    {
        const string text = """
            [[credentials]]
            env = "A_KEY"
            hosts = ["a.test"]
            in = ["header", "everywhere"]
            headers = ["bad header", "Proxy-Authorization"]
            [[credentials]]
            env = "B_KEY"
            hosts = ["b.test"]
            in = ["body"]
            headers = ["x-key"]
            """;

        var (config, errors) = ConfigLoader.Parse(text, "c.toml");

        Assert.Equal(
            ["c.toml(4,6): credentials.in: unknown place 'everywhere' (known: header, path, query, body)",
             "c.toml(5,11): credentials.headers: 'bad header' is not a header name",
             "c.toml(5,11): credentials.headers: 'proxy-authorization' is never forwarded",
             "c.toml(10,11): credentials.headers: names headers, but 'in' has no \"header\""],
            errors.Select(e => e.ToString()));
        Assert.Empty(config.Credentials);
    }
}
