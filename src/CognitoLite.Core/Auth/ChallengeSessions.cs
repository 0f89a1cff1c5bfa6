using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Auth;

/// <summary>
/// Opaque challenge sessions: a random string for the client, its hash in the database, bound to user,
/// client and step, valid for the client's AuthSessionValidity (3 minutes by default). Most steps are used
/// once (<see cref="Take"/>); a code challenge survives wrong answers until its attempts run out (<see cref="Attempt"/>).
/// </summary>
/// <remarks>
/// A decoy session (<see cref="StartDecoy"/>) is what a user the client must not reveal is handed: a token of the same
/// shape with no row behind it (a row names a user), which carries, sealed under the master key, when it was issued,
/// whose it is and a byte for its step. It is found, expires, is used up and counts attempts as a stored one does (its
/// uses are <see cref="SpentFormToken"/> rows), so that answering it fails at the same point and in the same way as a
/// wrong answer to a real session.
/// </remarks>
public sealed class ChallengeSessions(CognitoDbContext db, ThreatProtection threats, SecretProtector secrets, CognitoOptions options, TimeProvider clock)
{
    private const int TokenBytes = 96, NonceBytes = 40, SealedBytes = 24;
    private static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);
    private const string DecoyOwner = "decoyOwner";
    private const string DecoyDetail = "decoyDetail";
    /// <summary>The use of a decoy that stands for its row's removal; uses 1 to MaxAttempts are a code challenge's attempts.</summary>
    private const int Removal = 0;

    public string Start(User user, AppClient client, string step, Dictionary<string, string>? data = null)
    {
        var token = Jwt.Base64Url(RandomNumberGenerator.GetBytes(TokenBytes));
        db.AuthSessions.Add(new AuthSession
        {
            TokenHash = SecretProtector.HashToken(token),
            UserId = user.Id,
            ClientId = client.Id,
            ChallengeName = step,
            Data = threats.Tagged(data ?? []),
            ExpiresAt = clock.GetUtcNow().UtcDateTime + Validity(client),
        });
        return token;
    }

    /// <summary>
    /// A decoy session for this client and step, owned by <paramref name="owner"/> (8 bytes that the answer's USERNAME must
    /// give again), with a <paramref name="detail"/> for the step to read back. Nothing is stored.
    /// </summary>
    public string StartDecoy(AppClient client, string step, byte[] owner, byte detail = 0)
    {
        var token = new byte[TokenBytes];
        RandomNumberGenerator.Fill(token.AsSpan(0, NonceBytes));
        var payload = new byte[SealedBytes];
        BinaryPrimitives.WriteInt64BigEndian(payload, clock.GetUtcNow().ToUnixTimeSeconds());
        owner.AsSpan(0, 8).CopyTo(payload.AsSpan(8));
        payload[16] = detail;
        var stream = KeyStream(token);
        for (var i = 0; i < SealedBytes; i++) token[NonceBytes + i] = (byte)(payload[i] ^ stream[i]);
        DecoyTag(client, step, token).CopyTo(token, NonceBytes + SealedBytes);
        return Jwt.Base64Url(token);
    }

    public static bool IsDecoy(AuthSession session) => session.UserId == Guid.Empty;

    /// <summary>The owner a decoy session was started for.</summary>
    public static byte[] OwnerOf(AuthSession session) => Convert.FromHexString(session.Data[DecoyOwner]);

    public static byte DetailOf(AuthSession session) => byte.Parse(session.Data[DecoyDetail], CultureInfo.InvariantCulture);

    /// <summary>Takes the session for this client (any client when null: the session names it) and step, removing it so it cannot be replayed.</summary>
    public async Task<AuthSession> Take(string? token, AppClient? client, string step, CancellationToken ct)
    {
        var session = await Find(token, client, step, ct);
        await Finish(session, ct);
        return session;
    }

    /// <summary>
    /// Finds the session and reserves one of its attempts before the caller checks an answer, so parallel guesses
    /// cannot exceed the limit; once they are spent the session is gone. The caller ends it with <see cref="Finish"/>.
    /// </summary>
    public async Task<AuthSession> Attempt(string? token, AppClient? client, string step, CancellationToken ct)
    {
        var session = await Find(token, client, step, ct);
        var max = options.Codes.MaxAttempts;
        var reserved = IsDecoy(session)
            ? await ReserveDecoyAttempt(session, max, ct)
            : await db.AuthSessions
                .Where(s => s.TokenHash == session.TokenHash && s.Attempts < max)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Attempts, a => a.Attempts + 1), ct);
        if (reserved == 0)
        {
            await Remove(session, ct);
            throw Errors.InvalidSession();
        }
        return session;
    }

    /// <summary>Uses the session up. Of two parallel answers only one finishes it; the other is refused.</summary>
    public async Task Finish(AuthSession session, CancellationToken ct)
    {
        if (!await Remove(session, ct)) throw Errors.InvalidSession();
    }

    /// <summary>The live session for the token, without using it; an expired one is removed.</summary>
    public async Task<AuthSession> Find(string? token, AppClient? client, string step, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token)) throw Errors.InvalidParameter("Missing required parameter Session");
        var hash = SecretProtector.HashToken(token);
        var session = await db.AuthSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct) ?? await LiveDecoy(token, client, step, ct);
        if (session is null || client is not null && session.ClientId != client.Id || session.ChallengeName != step)
            throw Errors.InvalidSession();
        if (session.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            await Remove(session, ct);
            throw Errors.NotAuthorized("Invalid session for the user, session is expired.");
        }
        threats.Resume(session);
        return session;
    }

    private static TimeSpan Validity(AppClient client) => TimeSpan.FromMinutes(client.Settings.AuthSessionValidity ?? 3);

    /// <summary>Removes the session; false when it was already gone.</summary>
    private async Task<bool> Remove(AuthSession session, CancellationToken ct) => IsDecoy(session)
        ? await UseDecoy(session, Removal, ct)
        : await db.AuthSessions.Where(s => s.TokenHash == session.TokenHash).ExecuteDeleteAsync(ct) > 0;

    /// <summary>The decoy session a token is, for this client and step, unless it was removed; null when it is none (forged, another client's or step's).</summary>
    private async Task<AuthSession?> LiveDecoy(string token, AppClient? client, string step, CancellationToken ct)
    {
        var bytes = new byte[TokenBytes];
        if (client is null || token.Length != TokenLength || !Base64Url.TryDecodeFromChars(token, bytes, out var length) || length != TokenBytes
            || !CryptographicOperations.FixedTimeEquals(DecoyTag(client, step, bytes), bytes.AsSpan(NonceBytes + SealedBytes)))
            return null;
        var stream = KeyStream(bytes);
        var payload = new byte[SealedBytes];
        for (var i = 0; i < SealedBytes; i++) payload[i] = (byte)(bytes[NonceBytes + i] ^ stream[i]);
        var decoy = new AuthSession
        {
            TokenHash = SecretProtector.HashToken(token),
            ClientId = client.Id,
            ChallengeName = step,
            Data = new() { [DecoyOwner] = Convert.ToHexString(payload, 8, 8), [DecoyDetail] = payload[16].ToString(CultureInfo.InvariantCulture) },
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload)).UtcDateTime + Validity(client),
        };
        var removal = UseOf(decoy, Removal);
        return await db.SpentFormTokens.AnyAsync(t => t.Nonce == removal, ct) ? null : decoy;
    }

    /// <summary>Reserves the next of a decoy code challenge's attempts: 1 when reserved, 0 when they are spent (or a parallel answer took it).</summary>
    private async Task<int> ReserveDecoyAttempt(AuthSession decoy, int max, CancellationToken ct)
    {
        var attempts = Enumerable.Range(1, max).Select(use => UseOf(decoy, use)).ToList();
        var used = await db.SpentFormTokens.CountAsync(t => attempts.Contains(t.Nonce), ct);
        return used < max && await UseDecoy(decoy, used + 1, ct) ? 1 : 0;
    }

    /// <summary>
    /// Records a use of a decoy; false when it was recorded before. Uses are kept for a day beyond the decoy's expiry: an
    /// expired session, once answered, is gone, as a stored one whose row that answer deleted.
    /// </summary>
    private async Task<bool> UseDecoy(AuthSession decoy, int use, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.SpentFormTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        var spent = new SpentFormToken { Nonce = UseOf(decoy, use), ExpiresAt = (decoy.ExpiresAt > now ? decoy.ExpiresAt : now) + TimeSpan.FromDays(1) };
        db.SpentFormTokens.Add(spent);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException error) when (error.IsUniqueViolation())
        {
            return false;
        }
        finally
        {
            db.Entry(spent).State = EntityState.Detached;
        }
    }

    private static string UseOf(AuthSession decoy, int use) => SecretProtector.HashToken($"decoy-session|{decoy.TokenHash}|{use}")[..32];

    private byte[] KeyStream(byte[] token) => Convert.FromHexString(secrets.Mac("decoy-session-seal|" + Convert.ToBase64String(token, 0, NonceBytes)));

    private byte[] DecoyTag(AppClient client, string step, byte[] token) =>
        Convert.FromHexString(secrets.Mac($"decoy-session|{client.Id}|{step}|{Convert.ToBase64String(token, 0, NonceBytes + SealedBytes)}"));
}
