using System.Collections.Concurrent;
using System.Security.Cryptography;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Tokens;

/// <summary>A pool's RSA key ready to sign or verify.</summary>
public sealed record PoolKey(string Kid, string UserPoolId, RSA Rsa);

/// <summary>
/// Per-pool RS256 keys: made on first use, private halves encrypted at rest, decrypted once per process and
/// cached by kid (keys never change, so every replica may cache them).
/// </summary>
public sealed class SigningKeys(CognitoDbContext db, SecretProtector secrets, SigningKeyCache cache, TimeProvider clock)
{
    /// <summary>
    /// The pool's signing key, made on first use (RSA key generation costs tens of milliseconds, so pools that
    /// never issue a token never pay it). Two replicas racing here each store a key; both are published.
    /// </summary>
    public async Task<PoolKey> ForPool(string userPoolId, CancellationToken ct)
    {
        if (cache.ByPool.TryGetValue(userPoolId, out var key)) return key;
        var stored = await db.SigningKeys.AsNoTracking().Where(k => k.UserPoolId == userPoolId)
            .OrderBy(k => k.CreatedAt).FirstOrDefaultAsync(ct);
        return Remember(stored ?? await Create(userPoolId, ct));
    }

    private async Task<SigningKey> Create(string userPoolId, CancellationToken ct)
    {
        if (!await db.UserPools.AnyAsync(p => p.Id == userPoolId, ct))
            throw Errors.UserPoolNotFound(userPoolId);
        using var rsa = RSA.Create(2048);
        var publicKey = rsa.ExportSubjectPublicKeyInfo();
        // A stable, distinct kid: base64 of the SHA-256 of the public key, as Cognito's kids look.
        var key = new SigningKey
        {
            Kid = Convert.ToBase64String(SHA256.HashData(publicKey)),
            UserPoolId = userPoolId,
            PrivateKeyCipher = secrets.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return key;
    }

    public async Task<PoolKey?> ByKid(string kid, CancellationToken ct)
    {
        if (cache.ByKid.TryGetValue(kid, out var key)) return key;
        var stored = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Kid == kid, ct);
        return stored is null ? null : Remember(stored);
    }

    public async Task<IReadOnlyList<PoolKey>> AllForPool(string userPoolId, CancellationToken ct)
    {
        var stored = await db.SigningKeys.AsNoTracking().Where(k => k.UserPoolId == userPoolId).OrderBy(k => k.CreatedAt).ToListAsync(ct);
        if (stored.Count == 0) stored.Add(await Create(userPoolId, ct));
        return stored.Select(Remember).ToList();
    }

    private PoolKey Remember(SigningKey stored) => cache.ByKid.GetOrAdd(stored.Kid, kid =>
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(secrets.Unprotect(stored.PrivateKeyCipher)), out _);
        var key = new PoolKey(kid, stored.UserPoolId, rsa);
        cache.ByPool.TryAdd(stored.UserPoolId, key);
        return key;
    });
}

/// <summary>Process-wide cache of decrypted pool keys.</summary>
public sealed class SigningKeyCache
{
    internal ConcurrentDictionary<string, PoolKey> ByKid { get; } = new(StringComparer.Ordinal);
    internal ConcurrentDictionary<string, PoolKey> ByPool { get; } = new(StringComparer.Ordinal);

    /// <summary>A deleted pool's keys must stop verifying tokens at once (null: every pool's).</summary>
    public void Forget(string? userPoolId)
    {
        foreach (var (pool, _) in ByPool)
            if (userPoolId is null || pool == userPoolId) ByPool.TryRemove(pool, out _);
        foreach (var (kid, key) in ByKid)
            if (userPoolId is null || key.UserPoolId == userPoolId) ByKid.TryRemove(kid, out _);
    }
}
