using Vibedom.Core.Processes;
using Xunit;

namespace Vibedom.Testing;

/// <summary>
/// A missing prerequisite may skip a test on a developer machine, but fails it when CI=true:
/// CI must execute every integration test.
/// </summary>
public static class Prerequisite
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    public static void Require(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }

        if (InCi)
        {
            Assert.Fail($"prerequisite missing in CI: {reason}");
        }

        Assert.Skip(reason);
    }

    public static void RequireCommand(string name) =>
        Require(ProcessRunner.Which(name) is not null, $"'{name}' is not installed");
}
