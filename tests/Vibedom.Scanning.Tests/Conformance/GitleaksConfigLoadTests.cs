using System.Diagnostics;
using Vibedom.Scanning.Rules;
using Vibedom.Testing;
using Xunit;

namespace Vibedom.Scanning.Tests.Conformance;

public sealed class GitleaksConfigLoadTests
{
    [Fact]
    public void LoadFile_gitleaks_default_config_loads_all_rules_without_error()
    {
        var sw = Stopwatch.StartNew();
        var set = RuleLoader.LoadFile(RepositoryRoot.GitleaksToml);
        TestContext.Current.TestOutputHelper?.WriteLine($"loaded in {sw.ElapsedMilliseconds} ms");

        Assert.Equal(222, set.Rules.Count);
        Assert.Equal(221, set.Rules.Count(r => r.Regex is not null));
        Assert.Equal(130, set.Rules.Count(r => r.Entropy > 0));
        Assert.Equal(244, set.Rules.SelectMany(r => r.Keywords).Distinct().Count());
        Assert.Single(set.Allowlists);
        Assert.Equal(13, set.Rules.Sum(r => r.Allowlists.Count));
        var pkcs12 = set.Find("pkcs12-file");
        Assert.NotNull(pkcs12);
        Assert.Null(pkcs12.Regex);
        Assert.NotNull(pkcs12.Path);
    }
}
