namespace Vibedom.Scanning.Rules;

/// <summary>A rule file that cannot be used; every problem found is listed, the first is the message.</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException(IReadOnlyList<RuleFileError> errors)
        : base(errors.Count == 0 ? "invalid rule file" : errors.Count == 1 ? errors[0].ToString() : $"{errors[0]} (and {errors.Count - 1} more)")
    {
        Errors = errors;
    }

    public RuleFileException()
        : this([])
    {
    }

    public RuleFileException(string message)
        : this([new RuleFileError("<rules>", 1, 1, null, message)])
    {
    }

    public RuleFileException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [new RuleFileError("<rules>", 1, 1, null, message)];
    }

    public IReadOnlyList<RuleFileError> Errors { get; }
}
