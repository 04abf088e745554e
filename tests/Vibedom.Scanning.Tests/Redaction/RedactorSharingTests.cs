using Vibedom.Scanning.Detection;
using Vibedom.Scanning.Redaction;
using Xunit;

namespace Vibedom.Scanning.Tests.Redaction;

/// <summary>A redactor over compiled rules reuses their keyword automaton for its unbounded rules too.</summary>
public sealed class RedactorSharingTests
{
    [Fact]
    public void Redactor_over_a_compiled_detector_builds_no_second_keyword_automaton()
    {
        var detector = CompiledRules.Defaults.Detector;
        var unbounded = UnboundedRules.From(detector.Rules);
        _ = new Redactor(detector); // warm: type initialisers, translations
        _ = new Detector(unbounded, detector.Options);

        var rules = Allocated(() => UnboundedRules.From(detector.Rules));
        var automaton = Allocated(() => new Detector(unbounded, detector.Options));
        var redactor = Allocated(() => new Redactor(detector));

        Assert.True(redactor < rules + (automaton / 2), $"a redactor allocated {redactor} bytes; its unbounded rules {rules}, a detector of their own {automaton}");
    }

    private static long Allocated(Func<object> build)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(build());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
