using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it: expiry and lockout windows without sleeping.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public ManualClock() : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock; a negative span moves it back (to mint tokens that are already expired).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

/// <summary>A class fixture whose host reads the time from a <see cref="ManualClock"/> (frozen at start).</summary>
public abstract class ManualClockHost : HostFixture
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

public sealed class ManualClockHost<TStore> : ManualClockHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}
