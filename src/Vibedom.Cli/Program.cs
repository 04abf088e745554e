using Vibedom.Cli;

return await VibedomCli.RunAsync(args, CliContext.FromProcess()).ConfigureAwait(false);
