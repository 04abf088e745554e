namespace Vibedom.Core.Config;

/// <summary>[limits] as written in config.toml; null = the machine-derived default (<see cref="Limits.ResourceLimits"/>).</summary>
public sealed record LimitSettings
{
    /// <summary>[limits] memory, in bytes.</summary>
    public long? Memory { get; init; }

    /// <summary>[limits] pids: processes and threads at once.</summary>
    public int? Pids { get; init; }

    /// <summary>[limits] cpu, in cores (1.5 = one and a half cores of time).</summary>
    public double? Cpu { get; init; }

    /// <summary>[limits] disk: allocated size of the session's changes/, in bytes.</summary>
    public long? Disk { get; init; }

    /// <summary>[limits] network_log: the size of the session's network.jsonl, in bytes (the proxy then refuses egress).</summary>
    public long? NetworkLog { get; init; }

    /// <summary>[limits] connections: connections to the proxy, and requests under way through it, each at once.</summary>
    public int? Connections { get; init; }
}
