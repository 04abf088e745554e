namespace Vibedom.Core.Processes;

/// <summary>
/// What to run: an argv list (never a shell string), a cleared environment plus the variables
/// given here, an optional working directory, standard input and a timeout.
/// </summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Copy PATH, HOME, LANG and TERM from vibedom's own environment when not set in <see cref="Environment"/>.</summary>
    public bool InheritBasicEnvironment { get; init; } = true;

    public string? WorkingDirectory { get; init; }

    public string? StandardInput { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Leave stdin/stdout/stderr attached to vibedom's own (output is then not captured).</summary>
    public bool Inherit { get; init; }

    public static ProcessSpec Of(string fileName, params string[] arguments) => new(fileName, arguments);

    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName));
}
