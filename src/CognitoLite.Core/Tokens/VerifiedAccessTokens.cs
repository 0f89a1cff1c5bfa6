using System.Collections.Concurrent;

namespace CognitoLite.Core.Tokens;

/// <summary>What an access token's signed part says, once its signature, use and issuer were checked.</summary>
public sealed record VerifiedAccessToken(PoolKey Key, long ExpiresAt, Guid OriginJti, Guid Sub, string ClientId, IReadOnlyList<string> Scopes);

/// <summary>
/// Access tokens whose signature was verified, by their exact text, in this process. A client sends one access token
/// for up to an hour, and parsing plus RSA verification were a fifth of GetUser's CPU. Only what the signature
/// proves is kept: expiry, revocation and the user are checked on every call, and an entry counts only while its
/// key is still the one the process knows under that kid (a deleted pool's keys are forgotten).
/// </summary>
public sealed class VerifiedAccessTokens(SigningKeyCache keys)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, VerifiedAccessToken> _byToken = new(StringComparer.Ordinal);
    private int _count;

    public VerifiedAccessToken? Find(string token) =>
        _byToken.TryGetValue(token, out var verified) && keys.ByKid.TryGetValue(verified.Key.Kid, out var key) && ReferenceEquals(key, verified.Key)
            ? verified
            : null;

    public void Remember(string token, VerifiedAccessToken verified)
    {
        // Bounded without bookkeeping: when full, start again (the tokens in use come back on their next call).
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _byToken.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        _byToken[token] = verified;
    }
}
