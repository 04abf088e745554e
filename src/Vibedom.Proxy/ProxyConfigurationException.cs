namespace Vibedom.Proxy;

/// <summary>
/// The proxy's configuration is unusable; nothing was started. <see cref="Errors"/> holds every
/// problem found, each one line (<c>file(line,col): rule-id: problem</c> where a file is at fault).
/// </summary>
public sealed class ProxyConfigurationException : Exception
{
    public ProxyConfigurationException()
        : this([])
    {
    }

    public ProxyConfigurationException(string message)
        : this([message])
    {
    }

    public ProxyConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public ProxyConfigurationException(IReadOnlyList<string> errors)
        : base(errors.Count == 0 ? "invalid proxy configuration" : string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }

    internal static ProxyConfigurationException CaIncomplete(string present, string missing) =>
        new($"{present}: ca-incomplete: {missing} is missing; restore it or remove both files and run 'vibedom init'");

    internal static ProxyConfigurationException CaUnwritable(string directory, string why) =>
        new($"{directory}: ca-unwritable: {why}");

    internal static ProxyConfigurationException CaInvalid(string path, string why) =>
        new($"{path}: ca-invalid: {why}");

    internal static ProxyConfigurationException Option(string option, string why) =>
        new($"{option}: invalid-option: {why}");
}
