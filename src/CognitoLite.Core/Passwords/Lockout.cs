using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Passwords;

/// <summary>
/// Cognito's "Password attempts exceeded". An attempt is reserved with a compare-and-swap on the counter
/// before the password is checked, so parallel wrong passwords can never check more passwords than the limit;
/// a good password gives the reservation back and clears the lock.
/// </summary>
public sealed class Lockout(CognitoDbContext db, CognitoOptions options, TimeProvider clock)
{
    /// <param name="user">Just read, and tracked: its counter seeds the first swap, so an uncontended sign-in costs one UPDATE.</param>
    public async Task Reserve(User user, CancellationToken ct)
    {
        var limits = options.Lockout;
        var (seen, seenLockedUntil) = (user.FailedSignInAttempts, user.LockedUntil);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (seen >= limits.MaxFailedAttempts && seenLockedUntil > now)
            {
                Telemetry.Lockout(user.UserPoolId);
                throw Errors.PasswordAttemptsExceeded();
            }

            var failed = seen + 1;
            DateTime? lockedUntil = failed >= limits.MaxFailedAttempts ? now + Window(failed - limits.MaxFailedAttempts) : null;
            // Both columns are compared, so a counter that went round (cleared, then failed again) is not taken for the one seen.
            var (expected, expectedLockedUntil) = (seen, seenLockedUntil);
            var swapped = await db.Users
                .Where(u => u.Id == user.Id && u.FailedSignInAttempts == expected && u.LockedUntil == expectedLockedUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignInAttempts, failed).SetProperty(u => u.LockedUntil, lockedUntil), ct);
            if (swapped == 1) return;

            var current = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
                .Select(u => new { u.FailedSignInAttempts, u.LockedUntil }).FirstOrDefaultAsync(ct)
                ?? throw Errors.IncorrectUsernameOrPassword();
            (seen, seenLockedUntil) = (current.FailedSignInAttempts, current.LockedUntil);
        }
        // Extreme contention on one account: treat as locked rather than let an attempt through unreserved.
        Telemetry.Lockout(user.UserPoolId);
        throw Errors.PasswordAttemptsExceeded();
    }

    /// <summary>
    /// A good password: the reservation is given back and the lock cleared, as a change of the tracked user, so that
    /// it is committed together with what the sign-in writes next (its refresh token or challenge session).
    /// </summary>
    public void Release(User user)
    {
        user.FailedSignInAttempts = 0;
        user.LockedUntil = null;
        var entry = db.Entry(user);
        entry.Property(u => u.FailedSignInAttempts).IsModified = true;
        entry.Property(u => u.LockedUntil).IsModified = true;
    }

    /// <summary>A good password outside sign-in (ChangePassword): the reservation given back at once.</summary>
    public Task Clear(User user, CancellationToken ct) =>
        db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignInAttempts, 0).SetProperty(u => u.LockedUntil, (DateTime?)null), ct);

    private TimeSpan Window(int beyondLimit)
    {
        var limits = options.Lockout;
        var seconds = limits.FirstLockout.TotalSeconds * Math.Pow(2, Math.Min(beyondLimit, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, limits.MaxLockout.TotalSeconds));
    }
}
