namespace CognitoLite.Testing;

/// <summary>
/// The server's clock: the real time plus however far a test has moved it. Moving it ahead expires codes, sessions and
/// tokens without waiting. Time keeps flowing, so a long test run still agrees with clients that sign requests or check
/// tokens against the real time.
/// </summary>
public sealed class CognitoLiteClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far ahead of the real time the server is (negative: behind).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>Moves the server's time; a negative span moves it back (to mint tokens that are already expired).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Back to the real time.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
