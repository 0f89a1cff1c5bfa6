using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>
/// Deletes the rows that have expired: challenge sessions never answered, refresh tokens, rotated-out refresh tokens,
/// verification codes, authorization codes, login sessions, spent form tokens and SAML assertions, federated sign-ins
/// never finished, temporary credentials. Without it these tables (and their indexes) grow with every sign-in.
/// Deletes go <see cref="BatchSize"/> rows per statement, so no statement holds a lock for long (SQLite has one writer).
/// Every replica runs its own passes with no coordination: two replicas deleting the same rows is harmless, the second
/// finds them gone (each statement deletes whatever still matches).
/// </summary>
public sealed class Housekeeping(CognitoDbContext db, TimeProvider clock)
{
    public const int BatchSize = 1000;

    /// <summary>
    /// How long a row outlives its expiry when it still changes an answer: an expired challenge session says "session is
    /// expired", an expired or revoked refresh token says so (a deleted one is an "Invalid Refresh Token"), a rotated-out one
    /// is RefreshTokenReuseException, expired temporary credentials are ExpiredTokenException (deleted ones unrecognized).
    /// A day is also what access tokens need: one minted just before its refresh token expired lives up to a day
    /// (AccessTokenValidity's maximum), and it is valid only while its refresh token's row exists.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <summary>
    /// An expired code is ExpiredCodeException, a deleted one CodeMismatchException: a user who comes back late to an emailed
    /// code is told it expired for a week. A user has at most one code per purpose, so this costs little.
    /// </summary>
    public static readonly TimeSpan CodeRetention = TimeSpan.FromDays(7);

    /// <summary>
    /// Spent form tokens and SAML assertions refuse a replay until the token would have expired; kept a little longer, so
    /// that a replica whose clock is behind this one's still finds them.
    /// </summary>
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    /// <summary>One pass over every table; returns the rows deleted per table (tables with none left out).</summary>
    public async Task<IReadOnlyDictionary<string, int>> Run(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retained = now - Retention;
        var codesRetained = now - CodeRetention;
        var spentRetained = now - ClockMargin;
        var deleted = new Dictionary<string, int>();
        async Task Delete<T>(string table, IOrderedQueryable<T> expired)
        {
            var count = await InBatches(expired, ct);
            if (count > 0) deleted[table] = deleted.GetValueOrDefault(table) + count;
        }

        await Delete(nameof(db.AuthSessions), db.AuthSessions.Where(s => s.ExpiresAt < retained).OrderBy(s => s.ExpiresAt));
        await Delete(nameof(db.VerificationCodes), db.VerificationCodes.Where(c => c.ExpiresAt < codesRetained).OrderBy(c => c.ExpiresAt));
        // Rotated-out tokens first: a family's own delete then cascades to few of them.
        await Delete(nameof(db.RotatedRefreshTokens), db.RotatedRefreshTokens.Where(t => t.ValidUntil < retained).OrderBy(t => t.ValidUntil));
        await Delete(nameof(db.RefreshTokens), db.RefreshTokens.Where(t => t.ExpiresAt < retained).OrderBy(t => t.ExpiresAt));
        await Delete(nameof(db.RefreshTokens), db.RefreshTokens.Where(t => t.RevokedAt < retained).OrderBy(t => t.RevokedAt));
        await Delete(nameof(db.IssuedCredentials), db.IssuedCredentials.Where(c => c.ExpiresAt < retained).OrderBy(c => c.ExpiresAt));
        // Expired rows of these answer as missing ones do: they go at expiry.
        await Delete(nameof(db.AuthorizationCodes), db.AuthorizationCodes.Where(c => c.ExpiresAt < now).OrderBy(c => c.ExpiresAt));
        await Delete(nameof(db.LoginSessions), db.LoginSessions.Where(s => s.ExpiresAt < now).OrderBy(s => s.ExpiresAt));
        await Delete(nameof(db.PendingFederatedSignIns), db.PendingFederatedSignIns.Where(p => p.ExpiresAt < now).OrderBy(p => p.ExpiresAt));
        await Delete(nameof(db.SpentFormTokens), db.SpentFormTokens.Where(t => t.ExpiresAt < spentRetained).OrderBy(t => t.ExpiresAt));
        await Delete(nameof(db.SpentSamlAssertions), db.SpentSamlAssertions.Where(a => a.ExpiresAt < spentRetained).OrderBy(a => a.ExpiresAt));
        return deleted;
    }

    /// <summary>Oldest first, along the expiry column's index: each statement reads only the rows it deletes.</summary>
    private static async Task<int> InBatches<T>(IOrderedQueryable<T> expired, CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await expired.Take(BatchSize).ExecuteDeleteAsync(ct);
            total += deleted;
        }
        while (deleted == BatchSize);
        return total;
    }
}
