using Vibedom.Core.Config;
using Vibedom.Proxy.Dlp;
using Vibedom.Proxy.WebSockets;
using Xunit;

namespace Vibedom.Core.Tests.Config;

public sealed class DlpConfigTests
{
    [Fact]
    public void Without_a_dlp_table_secrets_and_pii_are_scrubbed_in_requests_and_responses()
    {
        var (config, errors) = ConfigLoader.Parse("[run]\n", "c.toml");

        Assert.Empty(errors);
        Assert.Equal(DlpMode.Scrub, config.Dlp.Secrets);
        Assert.Equal(DlpMode.Scrub, config.Dlp.Pii);
        Assert.Equal(DlpResponseMode.Scrub, config.Dlp.Responses);
        Assert.Equal(WebSocketMode.Relay, config.Dlp.WebSockets);
    }

    [Fact]
    public void Every_dlp_key_is_read()
    {
        var (config, errors) = ConfigLoader.Parse("[dlp]\nsecrets = \"block\"\npii = \"log\"\nresponses = \"off\"\nwebsockets = \"refuse\"\n", "c.toml");

        Assert.Empty(errors);
        Assert.Equal(new DlpSettings { Secrets = DlpMode.Block, Pii = DlpMode.Log, Responses = DlpResponseMode.Off, WebSockets = WebSocketMode.Refuse }, config.Dlp);
    }

    [Fact]
    public void Unknown_modes_keys_and_a_block_for_responses_are_refused_with_file_line_and_column()
    {
        var (_, errors) = ConfigLoader.Parse("[dlp]\nsecrets = \"redact\"\npii = 1\nresponses = \"block\"\nsecret = \"off\"\nwebsockets = \"426\"\n", "c.toml");
        var (_, cased) = ConfigLoader.Parse("[dlp]\nsecrets = \"Scrub\"\n", "c.toml");

        Assert.Equal(
            ["c.toml(2,11): dlp.secrets: 'redact' is not one of: scrub | block | log | off",
             "c.toml(3,7): dlp.pii: a non-string value is not one of: scrub | block | log | off",
             "c.toml(4,13): dlp.responses: 'block' is not one of: scrub | log | off",
             "c.toml(5,1): unknown key 'dlp.secret' (did you mean 'secrets'? known: secrets, pii, responses, websockets)",
             "c.toml(6,14): dlp.websockets: '426' is not one of: relay | refuse"],
            errors.Select(e => e.ToString()));
        Assert.Equal(["c.toml(2,11): dlp.secrets: 'Scrub' is not one of: scrub | block | log | off"], cased.Select(e => e.ToString()));
    }

    [Fact]
    public void The_init_template_parses_and_documents_every_dlp_key_and_mode()
    {
        var template = File.ReadAllText(Path.Combine(Vibedom.Testing.RepositoryRoot.Path, "src/Vibedom.Core/Home/Templates/config.toml"));

        var (config, errors) = ConfigLoader.Parse(template, "config.toml");

        Assert.Empty(errors);
        Assert.Equal(DlpSettings.Default, config.Dlp);
        Assert.All(["[dlp]", "# secrets = \"scrub\"", "# pii = \"scrub\"", "# responses = \"scrub\"", "# websockets = \"relay\"", "\"block\"", "\"log\""],
            key => Assert.Contains(key, template, StringComparison.Ordinal));
    }
}
