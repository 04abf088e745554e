using Xunit;
using Spectre.Console.Testing;
using Vibedom.Core.Home;
using Vibedom.Testing;

namespace Vibedom.Cli.Tests;

/// <summary>Runs the real CLI in-process against a temp VIBEDOM_HOME, capturing stdout and stderr.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDirectory _home = new("vibedom-cli");
    private readonly int _width;

    /// <param name="width">the console's width in columns (tables wrap beyond it)</param>
    public CliHarness(int width = 200)
    {
        Home = new VibedomHome(_home.Path);
        _width = width;
    }

    public VibedomHome Home { get; }

    public string HomePath => _home.Path;

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithInputAsync(string.Empty, args);

    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = _width;
        var error = new StringWriter();
        var context = new CliContext(console, error, new StringReader(input), Home, TimeProvider.System);
        var code = await VibedomCli.RunAsync(args, context, TestContext.Current.CancellationToken);
        return new CliResult(code, console.Output, error.ToString());
    }

    public void Dispose() => _home.Dispose();
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
