using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Auth;

/// <summary>
/// Cognito's "Password attempts exceeded". An attempt is reserved with a compare-and-swap on the counter
/// before the password is checked, so parallel wrong passwords can never check more passwords than the limit;
/// a good password gives the reservation back and clears the lock.
/// </summary>
public sealed class Lockout(CognitoDbContext db, CognitoOptions options, TimeProvider clock)
{
    public async Task Reserve(User user, CancellationToken ct)
    {
        var limits = options.Lockout;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var current = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
                .Select(u => new { u.FailedSignInAttempts, u.LockedUntil }).FirstOrDefaultAsync(ct)
                ?? throw Errors.NotAuthorized("Incorrect username or password.");
            if (current.FailedSignInAttempts >= limits.MaxFailedAttempts && current.LockedUntil > now)
                throw Errors.NotAuthorized("Password attempts exceeded");

            var failed = current.FailedSignInAttempts + 1;
            DateTime? lockedUntil = failed >= limits.MaxFailedAttempts ? now + Window(failed - limits.MaxFailedAttempts) : null;
            var seen = current.FailedSignInAttempts;
            var swapped = await db.Users
                .Where(u => u.Id == user.Id && u.FailedSignInAttempts == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedSignInAttempts, failed).SetProperty(u => u.LockedUntil, lockedUntil), ct);
            if (swapped == 1) return;
        }
        // Extreme contention on one account: treat as locked rather than let an attempt through unreserved.
        throw Errors.NotAuthorized("Password attempts exceeded");
    }

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
