using System.Security.Cryptography;

namespace Vibedom.Testing;

/// <summary>
/// Real-looking API keys for the credential tests, random per call and assembled at run time (the repository holds no
/// key a scanner would flag).
/// </summary>
public static class TestCredentials
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>An Anthropic API key shape: the api03 prefix, 93 characters, then AA.</summary>
    public static string AnthropicKey() =>
        string.Concat("sk-", "ant-", "api03-", new string(RandomNumberGenerator.GetItems<char>(KeyAlphabet, 93)), "AA");

    /// <summary>An OpenAI project key shape.</summary>
    public static string OpenAiKey() =>
        string.Concat("sk-", "proj-", new string(RandomNumberGenerator.GetItems<char>(KeyAlphabet, 120)));

    /// <summary>A key of no known shape: no DLP rule knows it, so only the credential swap turns its echo back.</summary>
    public static string PlainKey() =>
        string.Concat("vbd", "-", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
}
