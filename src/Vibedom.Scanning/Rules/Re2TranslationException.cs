namespace Vibedom.Scanning.Rules;

/// <summary>A Go RE2 pattern that is invalid or has no faithful .NET translation.</summary>
public sealed class Re2TranslationException : Exception
{
    public Re2TranslationException(string message)
        : base(message)
    {
    }

    public Re2TranslationException()
    {
    }

    public Re2TranslationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
