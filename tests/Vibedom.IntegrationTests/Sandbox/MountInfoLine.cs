using System.Text;

namespace Vibedom.IntegrationTests.Sandbox;

/// <summary>One line of /proc/PID/mountinfo: where, what of which file system, and the mount's own flags (atime flags left out).</summary>
internal sealed record MountInfoLine(string MountPoint, string Root, string Flags, string FileSystem)
{
    private static readonly string[] AtimeFlags = ["relatime", "noatime", "nodiratime", "strictatime"];

    public static List<MountInfoLine> ParseAll(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();

    /// <summary><c>ID PARENT MAJ:MIN ROOT POINT FLAGS [OPTIONAL...] - FSTYPE SOURCE OPTIONS</c>; paths octal-escaped.</summary>
    public static MountInfoLine Parse(string line)
    {
        var fields = line.Split(' ');
        var separator = Array.IndexOf(fields, "-", 6);
        var flags = string.Join(',', fields[5].Split(',').Where(f => !AtimeFlags.Contains(f)));
        return new MountInfoLine(Unescape(fields[4]), Unescape(fields[3]), flags, fields[separator + 1]);
    }

    private static string Unescape(string field)
    {
        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
                continue;
            }

            text.Append(field[i]);
        }

        return text.ToString();
    }
}
