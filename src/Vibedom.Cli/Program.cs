using Vibedom.Cli;

_ = StartupGcRegion.TryEnter(); // no collection during the command's start (docs/ARCHITECTURE.md "Start-up")
return await VibedomCli.RunAsync(args, CliContext.FromProcess()).ConfigureAwait(false);
