using System.Collections.Concurrent;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.UserPools;

/// <summary>
/// Pools and app clients as the user-facing flows read them (sign-up, sign-in, refresh, admin user calls), kept per
/// process for <see cref="Lifetime"/>: every such call needs both, and they change rarely. A change made through
/// this process forgets them all at once; another replica on the same database sees it within <see cref="Lifetime"/>
/// (a deleted app client or a changed pool setting still applies there for up to that long). Not-found is never
/// cached. The cached objects are shared between requests and untracked: read them, never change them.
/// </summary>
public sealed class UserPoolCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (UserPool Pool, long LoadedAt)> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (AppClient Client, long LoadedAt)> _clients = new(StringComparer.Ordinal);
    private long _generation;

    public Task<UserPool?> Pool(string userPoolId, Func<Task<UserPool?>> load) => Get(_pools, userPoolId, load);

    public Task<AppClient?> Client(string clientId, Func<Task<AppClient?>> load) => Get(_clients, clientId, load);

    /// <summary>After any change to a pool or an app client (rare, admin calls): everything is loaded afresh.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _pools.Clear();
        _clients.Clear();
    }

    private async Task<T?> Get<T>(ConcurrentDictionary<string, (T Value, long LoadedAt)> entries, string id, Func<Task<T?>> load) where T : class
    {
        if (entries.TryGetValue(id, out var entry) && clock.GetElapsedTime(entry.LoadedAt) < Lifetime) return entry.Value;
        // A load that overlaps a Forget may have read the old row: it serves this request but is not kept. Checked
        // after storing, because Forget counts before it clears.
        var generation = Interlocked.Read(ref _generation);
        var started = clock.GetTimestamp();
        var value = await load();
        if (value is null) return null;
        entries[id] = (value, started);
        if (Interlocked.Read(ref _generation) != generation) entries.TryRemove(id, out _);
        return value;
    }
}
