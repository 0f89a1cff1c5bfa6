using CognitoLite.Core.Storage;

namespace CognitoLite.Core.Passwords;

/// <summary>The one password hasher: bcrypt at the configured cost. The hash records its cost, so a hash made
/// at a lower cost is reported as needing a rehash and is redone at the user's next successful sign-in.</summary>
public sealed class PasswordHasher(CognitoOptions options)
{
    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, options.PasswordHashCost);

    /// <summary>Sets a user's password: the bcrypt hash for password flows and the SRP verifier for USER_SRP_AUTH.
    /// The verifier depends on the pool and the canonical username, both immutable.</summary>
    public void SetPassword(User user, string password)
    {
        user.PasswordHash = Hash(password);
        (user.SrpSalt, user.SrpVerifier) = Srp.CreateVerifier(user.UserPoolId, user.Username, password);
    }

    public static bool Verify(string password, string? hash)
    {
        if (string.IsNullOrEmpty(hash)) return false;
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    public bool NeedsRehash(string hash) => BCrypt.Net.BCrypt.PasswordNeedsRehash(hash, options.PasswordHashCost);

    private readonly Lazy<string> _dummy = new(() => BCrypt.Net.BCrypt.HashPassword("cognitolite-no-such-user", options.PasswordHashCost));

    /// <summary>Spends the time of a real check when there is no user, so timing does not reveal who exists.</summary>
    public void VerifyNothing(string password) => Verify(password, _dummy.Value);
}
