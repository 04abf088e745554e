using Vibedom.Core.Sandbox;
using Xunit;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>
/// The lines of the containment contract suite (<c>Sandbox/Contract/</c>): each runtime of the runtime catalog, started
/// as root and as an ordinary user. A new runtime passes the same suite by adding its lines here.
/// </summary>
public static class ContractRuntimes
{
    private static readonly (string Runtime, SandboxUser User)[] Lines =
    [
        (RuntimeNames.Namespace, SandboxUser.Root),
        (RuntimeNames.Namespace, SandboxUser.Unprivileged),
    ];

    /// <summary>Every runtime and who starts it.</summary>
    public static TheoryData<string, SandboxUser> All => Of(Lines);

    /// <summary>The root-started lines only (claims about what a root start must not hand the agent).</summary>
    public static TheoryData<string, SandboxUser> Root => Of(Lines.Where(line => line.User == SandboxUser.Root));

    private static TheoryData<string, SandboxUser> Of(IEnumerable<(string Runtime, SandboxUser User)> lines)
    {
        var data = new TheoryData<string, SandboxUser>();
        foreach (var (runtime, user) in lines)
        {
            data.Add(runtime, user);
        }

        return data;
    }
}
