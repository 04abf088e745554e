using Microsoft.Extensions.Logging;
using Vibedom.Proxy.Logging;

namespace Vibedom.Proxy.Policy;

/// <summary>
/// The current allowlist, reloaded when <c>trusted_domains.txt</c> changes on disk. An invalid
/// edit keeps the previous list and logs every error.
/// </summary>
internal sealed class AllowlistSource : IDisposable
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloadLock = new();
    private readonly ITimer _debounce;
    private readonly Allowlist _session;
    private volatile Allowlist _current;

    /// <param name="session">Entries for this session only (an agent profile's hosts), kept across reloads of the file.</param>
    public AllowlistSource(string path, Allowlist initial, bool watch, ILogger logger, TimeProvider timeProvider, Allowlist? session = null)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
        _session = session ?? Allowlist.Empty;
        _current = initial.With(_session);
        _debounce = timeProvider.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (watch)
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
            if (ChangedSince(initial))
            {
                ScheduleReload(); // edited between the caller's load and the watch, which raised no event for it
            }
        }
    }

    public static TimeSpan ReloadDelay { get; } = TimeSpan.FromMilliseconds(200);

    public Allowlist Current => _current;

    /// <summary>Reads the file again; returns false (keeping the old list) when it is invalid.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            try
            {
                var next = Allowlist.Load(_path);
                _current = next.With(_session);
                Log.AllowlistReloaded(_logger, _path, next.Entries.Count);
                return true;
            }
            catch (ProxyConfigurationException e)
            {
                Log.AllowlistReloadFailed(_logger, _path, string.Join("; ", e.Errors));
                return false;
            }
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private bool ChangedSince(Allowlist loaded)
    {
        try
        {
            return !Allowlist.Load(_path).Entries.SequenceEqual(loaded.Entries);
        }
        catch (ProxyConfigurationException)
        {
            return true; // the reload says what is wrong with it, and keeps the list in force
        }
    }

    /// <summary>Editors write in steps (truncate, then write): read the file once it has been quiet for a moment.</summary>
    private void ScheduleReload() => _debounce.Change(ReloadDelay, Timeout.InfiniteTimeSpan);
}
