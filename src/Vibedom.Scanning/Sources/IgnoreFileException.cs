namespace Vibedom.Scanning.Sources;

/// <summary>An ignore file that cannot be used (not a regular file, or too large); the message is one line for the user.</summary>
public sealed class IgnoreFileException : Exception
{
    public IgnoreFileException()
    {
    }

    public IgnoreFileException(string message)
        : base(message)
    {
    }

    public IgnoreFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
