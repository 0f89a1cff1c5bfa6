using System.Security.Cryptography;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Messages;

/// <summary>
/// One-time codes: 6 digits from a cryptographic RNG, stored as a keyed hash with an expiry and an attempt
/// counter that is reserved atomically before a code is compared, so parallel guesses cannot exceed the limit.
/// </summary>
public sealed class Codes(CognitoDbContext db, SecretProtector secrets, CognitoOptions options, TimeProvider clock)
{
    public const string SignUp = "SignUp";
    public const string ForgotPassword = "ForgotPassword";
    public static string VerifyAttribute(string attribute) => "Verify:" + attribute;

    /// <summary>A fresh code for the purpose; any earlier one for the same purpose stops working.</summary>
    public async Task<string> Issue(User user, string purpose, TimeSpan validity, CancellationToken ct, string? pendingValue = null)
    {
        await db.VerificationCodes.Where(c => c.UserId == user.Id && c.Purpose == purpose).ExecuteDeleteAsync(ct);
        var code = NewCode();
        var now = clock.GetUtcNow().UtcDateTime;
        db.VerificationCodes.Add(new VerificationCode
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Purpose = purpose,
            CodeHash = Hash(user, purpose, code),
            ExpiresAt = now + validity,
            PendingValue = pendingValue,
            CreatedAt = now,
        });
        return code;
    }

    /// <summary>Consumes the code if it matches; otherwise CodeMismatch, ExpiredCode or, past the attempt limit, TooManyFailedAttempts.
    /// Returns the value waiting for verification, if the code carried one.</summary>
    public async Task<string?> Consume(User user, string purpose, string code, CancellationToken ct)
    {
        var stored = await Check(user, purpose, code, ct);
        await Spend(stored, ct);
        return stored.PendingValue;
    }

    /// <summary>Checks the code as Consume does (counting the attempt) but leaves it usable: <see cref="Spend"/> uses it up,
    /// e.g. inside the transaction of the change it authorizes, so that a change refused for another reason can be retried.</summary>
    public async Task<VerificationCode> Check(User user, string purpose, string code, CancellationToken ct)
    {
        var stored = await db.VerificationCodes.AsNoTracking()
            .Where(c => c.UserId == user.Id && c.Purpose == purpose)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw Errors.CodeMismatch();
        if (stored.ExpiresAt <= clock.GetUtcNow().UtcDateTime) throw Errors.ExpiredCode();

        var max = options.Codes.MaxAttempts;
        var reserved = await db.VerificationCodes
            .Where(c => c.Id == stored.Id && c.FailedAttempts < max)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), ct);
        if (reserved == 0) throw Errors.TooManyFailedAttempts("Too many failed attempts. Request a new code.");

        var expected = System.Text.Encoding.ASCII.GetBytes(stored.CodeHash);
        var given = System.Text.Encoding.ASCII.GetBytes(Hash(user, purpose, code));
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) throw Errors.CodeMismatch();
        return stored;
    }

    /// <summary>Uses up a checked code. Single use: a second Spend of the same code finds nothing.</summary>
    public async Task Spend(VerificationCode stored, CancellationToken ct)
    {
        var deleted = await db.VerificationCodes.Where(c => c.Id == stored.Id).ExecuteDeleteAsync(ct);
        if (deleted == 0) throw Errors.CodeMismatch();
    }

    /// <summary>Six digits from a cryptographic RNG.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private string Hash(User user, string purpose, string code) => secrets.Mac($"{user.Id:N}|{purpose}|{code}");
}
