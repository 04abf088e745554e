namespace Vibedom.Core.Sandbox.Commands;

/// <summary>
/// What the sandbox needs to run a command found on the host: its folders first on PATH, the symlinks met on the way
/// recreated at the same paths, and the trees they lead to (a package folder, a native binary), bound read-only at the same
/// paths after the home-secret policy checked them (<see cref="SandboxPolicy.CheckCommandMounts"/>). Empty for a command
/// the sandbox's own system folders already hold.
/// </summary>
/// <param name="Executable">Where the command was found on the host (null when it was not).</param>
/// <param name="PathDirectories">Host folders put first on PATH inside, in order.</param>
/// <param name="Links">Symlinks recreated inside: (link path, target as written on the host), in order.</param>
/// <param name="Trees">Host paths bound read-only at the same path inside (as the links reach them, not yet resolved).</param>
public sealed record CommandPlan(string? Executable, IReadOnlyList<string> PathDirectories, IReadOnlyList<CommandLink> Links, IReadOnlyList<string> Trees)
{
    public static CommandPlan None { get; } = new(null, [], [], []);

    public bool IsEmpty => PathDirectories.Count == 0 && Links.Count == 0 && Trees.Count == 0;
}
