using System.Text.Json.Nodes;

namespace Vibedom.Testing.Agents;

/// <summary>
/// The fixed conversation every agent is led through, whatever its protocol: create a file with the shell tool, edit it with
/// the shell tool, then finish. The step is the number of tool results the agent has sent back so far; a request that offers no
/// shell tool (titles, summaries, quota checks) gets a short text answer.
/// </summary>
public static class ScriptedConversation
{
    public const string FileName = "scripted.txt";

    public const string FinalText = "DONE: scripted edit finished";

    /// <summary>The shell commands of the two tool steps.</summary>
    public static IReadOnlyList<string> Commands { get; } =
    [
        $"printf 'created by the scripted model\\n' > {FileName}",
        $"sed -i 's/created/edited/' {FileName}",
    ];

    /// <summary>The file's content once both steps ran.</summary>
    public const string FinalContent = "edited by the scripted model\n";

    /// <summary>Codex's code-mode tool: JavaScript whose <c>tools.exec_command({cmd})</c> runs a shell command.</summary>
    public const string CodeModeExec = "exec";

    /// <summary>Shell tool names the agents offer, most specific first.</summary>
    public static IReadOnlyList<string> ShellTools { get; } = ["Bash", "bash", "shell_command", "exec_command", "shell"];

    /// <summary>The tool call for step <paramref name="step"/> with the offered <paramref name="tool"/>, or null when the conversation is over.</summary>
    public static (string Tool, JsonObject Arguments)? Next(int step, string? tool)
    {
        if (tool is null || step >= Commands.Count)
        {
            return null;
        }

        var command = Commands[step];
        JsonObject arguments = tool switch
        {
            "shell" => new JsonObject { ["command"] = new JsonArray("bash", "-lc", command) },
            "exec_command" => new JsonObject { ["cmd"] = command },
            "shell_command" => new JsonObject { ["command"] = command },
            CodeModeExec => new JsonObject { ["input"] = $"await tools.exec_command({{cmd: {JsonValue.Create(command).ToJsonString()}}})" },
            _ => new JsonObject { ["command"] = command, ["description"] = "scripted step " + (step + 1) },
        };
        return (tool, arguments);
    }

    /// <summary>The first offered shell tool among <paramref name="offered"/> names.</summary>
    public static string? PickShellTool(IEnumerable<string> offered)
    {
        var names = offered.ToHashSet(StringComparer.Ordinal);
        return ShellTools.FirstOrDefault(names.Contains);
    }
}
