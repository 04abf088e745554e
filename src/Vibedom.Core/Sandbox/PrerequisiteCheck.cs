namespace Vibedom.Core.Sandbox;

/// <summary>One prerequisite of a runtime, for <c>vibedom doctor</c>: what was checked, the finding, and the exact fix.</summary>
public sealed record PrerequisiteCheck(string Name, bool Ok, string Detail, string? Fix = null)
{
    public static PrerequisiteCheck Pass(string name, string detail) => new(name, true, detail);

    public static PrerequisiteCheck Fail(string name, string detail, string fix) => new(name, false, detail, fix);
}
