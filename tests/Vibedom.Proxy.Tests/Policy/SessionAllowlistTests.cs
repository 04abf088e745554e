using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vibedom.Proxy.Policy;
using Xunit;

namespace Vibedom.Proxy.Tests.Policy;

/// <summary>ProxyOptions.SessionAllowlist (an agent profile's hosts): on top of the file, kept across its reloads, named by origin.</summary>
public sealed class SessionAllowlistTests
{
    [Fact]
    public void Session_entries_stay_allowed_across_a_reload_of_the_file_and_name_their_origin()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("allowlist-").FullName, "trusted_domains.txt");
        File.WriteAllText(path, "file.test\n");
        using var source = new AllowlistSource(path, Allowlist.Load(path), watch: false, NullLogger.Instance, new FakeTimeProvider(), Allowlist.Parse("agent profile claude", ["api.model.test"]));

        Assert.Equal("agent profile claude", source.Current.Match("api.model.test", 443)?.Origin);
        Assert.Null(source.Current.Match("file.test", 443)?.Origin);
        File.WriteAllText(path, "other.test\n");
        Assert.True(source.Reload());

        Assert.NotNull(source.Current.Match("api.model.test", 443));
        Assert.NotNull(source.Current.Match("other.test", 443));
        Assert.Null(source.Current.Match("file.test", 443));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void An_edit_between_the_first_load_and_the_watch_is_read_without_waiting_for_another_edit()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("allowlist-").FullName, "trusted_domains.txt");
        File.WriteAllText(path, "old.test\n");
        var loaded = Allowlist.Load(path);
        File.WriteAllText(path, "new.test\n"); // before the watch starts: no event will say so
        var time = new FakeTimeProvider();
        using var source = new AllowlistSource(path, loaded, watch: true, NullLogger.Instance, time);

        time.Advance(AllowlistSource.ReloadDelay);

        Assert.NotNull(source.Current.Match("new.test", 443));
        Assert.Null(source.Current.Match("old.test", 443));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void A_malformed_session_entry_is_a_configuration_error_naming_its_origin()
    {
        var e = Assert.Throws<ProxyConfigurationException>(() => Allowlist.Parse("agent profile x", ["https://x.test"]));

        Assert.StartsWith("agent profile x(1,1): allowlist-syntax", Assert.Single(e.Errors), StringComparison.Ordinal);
    }
}
