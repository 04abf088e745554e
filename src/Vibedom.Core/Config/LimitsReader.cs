using System.Globalization;
using Tomlyn.Syntax;
using Vibedom.Core.Limits;

namespace Vibedom.Core.Config;

/// <summary>Reads and validates [limits]: memory, disk and network_log as sizes ("8G", "512M"), pids and connections as counts, cpu in cores.</summary>
internal static class LimitsReader
{
    public static LimitSettings Read(TableSyntaxBase table, string path, List<ConfigError> errors)
    {
        var limits = new LimitSettings();
        foreach (var item in table.Items.OfType<KeyValueSyntax>())
        {
            var key = ConfigLoader.KeyText(item.Key);
            void Error(string problem) => errors.Add(ConfigLoader.At(path, item.Value!.Span, $"limits.{key}: {problem}"));
            switch (key)
            {
                case "memory":
                    limits = limits with { Memory = Size(item.Value, ResourceLimits.MinimumMemory, Error) };
                    break;
                case "disk":
                    limits = limits with { Disk = Size(item.Value, ResourceLimits.MinimumDisk, Error) };
                    break;
                case "network_log":
                    limits = limits with { NetworkLog = Size(item.Value, ResourceLimits.MinimumNetworkLog, Error) };
                    break;
                case "connections":
                    if (item.Value is IntegerValueSyntax { Value: >= ResourceLimits.MinimumConnections and <= ResourceLimits.MaximumConnections } connections)
                    {
                        limits = limits with { Connections = (int)connections.Value };
                    }
                    else
                    {
                        Error($"expected a whole number of connections from {ResourceLimits.MinimumConnections} to {ResourceLimits.MaximumConnections}, e.g. 256");
                    }

                    break;
                case "pids":
                    if (item.Value is IntegerValueSyntax { Value: >= ResourceLimits.MinimumPids and <= 4_194_304 } pids)
                    {
                        limits = limits with { Pids = (int)pids.Value };
                    }
                    else
                    {
                        Error($"expected a whole number of processes from {ResourceLimits.MinimumPids} to 4194304, e.g. 4096");
                    }

                    break;
                case "cpu":
                    double? cpu = item.Value switch
                    {
                        IntegerValueSyntax i => i.Value,
                        FloatValueSyntax f => f.Value,
                        _ => null,
                    };
                    if (cpu is >= 0.01 and <= 1024)
                    {
                        limits = limits with { Cpu = cpu };
                    }
                    else
                    {
                        Error("expected a number of cores from 0.01 to 1024, e.g. 2 or 1.5");
                    }

                    break;
                default:
                    errors.Add(ConfigLoader.At(path, item.Key!.Span, ConfigKeys.Unknown("limits", key)));
                    break;
            }
        }

        return limits;
    }

    private static long? Size(ValueSyntax? value, long minimum, Action<string> error)
    {
        long? bytes = value switch
        {
            StringValueSyntax s => ByteSize.Parse(s.Value ?? string.Empty),
            IntegerValueSyntax i when i.Value > 0 => i.Value,
            _ => null,
        };
        if (bytes is null)
        {
            error("expected a size such as \"8G\" or \"512M\" (K, M, G, T: powers of 1024)");
            return null;
        }

        if (bytes < minimum)
        {
            error(string.Create(CultureInfo.InvariantCulture, $"{ByteSize.Format(bytes.Value)} is below the minimum of {ByteSize.Format(minimum)}"));
            return null;
        }

        return bytes;
    }
}
