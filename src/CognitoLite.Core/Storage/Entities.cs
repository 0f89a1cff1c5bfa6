
namespace CognitoLite.Core.Storage;

public sealed class UserPool
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
    public required StoredUserPoolSettings Settings { get; set; }
}

public sealed class AppClient
{
    public required string Id { get; init; }
    public required string UserPoolId { get; init; }
    public required string Name { get; set; }
    /// <summary>
    /// The client's secrets, oldest first, encrypted with the master key (Cognito returns them, so they cannot be
    /// hashed): none for a public client, two while one is rotated out.
    /// </summary>
    public List<ClientSecret> Secrets { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
    public required StoredAppClientSettings Settings { get; set; }
}

/// <summary>
/// A user of a pool. The *Key columns hold values folded as the pool compares them, so the per-request
/// lookups (by name, by sub, by alias) are single index seeks; the database enforces their uniqueness.
/// </summary>
public sealed class User
{
    public Guid Id { get; init; }
    public required string UserPoolId { get; init; }
    public required string Username { get; set; }
    public required string UsernameKey { get; set; }
    public Guid Sub { get; init; }
    public required string Status { get; set; }
    public bool Enabled { get; set; } = true;
    public Dictionary<string, string> Attributes { get; set; } = [];
    /// <summary>Email, folded, while it may be used to sign in (verified alias, or the username attribute).</summary>
    public string? EmailAliasKey { get; set; }
    public string? PhoneAliasKey { get; set; }
    public string? PreferredUsernameKey { get; set; }
    // Copies of the attributes ListUsers can filter on, so each filter is an index range scan.
    public string? Email { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Name { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public string? PreferredUsername { get; set; }
    /// <summary>bcrypt hash; it records its own cost, so a changed cost setting is seen at sign-in.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>SRP salt and verifier (hex, padHex-normalised) of the same password, for USER_SRP_AUTH.</summary>
    public string? SrpSalt { get; set; }
    public string? SrpVerifier { get; set; }
    /// <summary>Sign-in attempts not yet known to be good; reserved before a password is checked (see Lockout).</summary>
    public int FailedSignInAttempts { get; set; }
    /// <summary>When a temporary password (status FORCE_CHANGE_PASSWORD) stops working.</summary>
    public DateTime? TemporaryPasswordExpiresAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    // Second factors the user turned on (SetUserMFAPreference); the pool's MfaConfiguration decides whether they are asked for.
    public bool SmsMfaEnabled { get; set; }
    public bool SoftwareTokenMfaEnabled { get; set; }
    public bool EmailMfaEnabled { get; set; }
    /// <summary>SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP: the one challenged when several are enabled.</summary>
    public string? PreferredMfa { get; set; }
    /// <summary>The verified TOTP secret (base32), encrypted with the master key.</summary>
    public string? SoftwareTokenSecretCipher { get; set; }
    /// <summary>A secret from AssociateSoftwareToken, encrypted; it replaces the verified one only when VerifySoftwareToken succeeds.</summary>
    public string? PendingSoftwareTokenSecretCipher { get; set; }
    /// <summary>The last TOTP time step accepted: each code works once, and none older than the last one used.</summary>
    public long SoftwareTokenLastStep { get; set; }
    public string? SoftwareTokenDeviceName { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>A pool's RSA signing key; the private half is encrypted with the master key.</summary>
public sealed class SigningKey
{
    public required string Kid { get; init; }
    public required string UserPoolId { get; init; }
    public required string PrivateKeyCipher { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// One sign-in: the refresh token (stored as a SHA-256 hash) and the origin_jti that every token issued
/// from it carries, so revoking the row revokes its access and id tokens too. With refresh token rotation the
/// row is the token family: TokenHash is its current token, the ones it replaced are <see cref="RotatedRefreshToken"/>s.
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; init; }
    public required string TokenHash { get; set; }
    public Guid OriginJti { get; init; }
    public required string UserPoolId { get; init; }
    public required string ClientId { get; init; }
    public Guid UserId { get; init; }
    public DateTime AuthTime { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>The scopes an OAuth sign-in granted, space-separated; null for the API's sign-ins (the self-service scope).</summary>
    public string? Scopes { get; init; }
    /// <summary>
    /// The device the sign-in was made on, in a pool that tracks devices (see <see cref="Device"/>); `forgotten` once that
    /// device is forgotten (DeviceTracking.Forgotten), so that the token no longer refreshes.
    /// </summary>
    public string? DeviceKey { get; init; }
    /// <summary>The tokens' event_id: the sign-in's auth event (see <see cref="AuthEvent"/>), kept by every refresh.</summary>
    public string? EventId { get; init; }
}

/// <summary>A refresh token that rotation replaced (stored as a hash): usable until ValidUntil (the client's retry grace period), then refused as reused.</summary>
public sealed class RotatedRefreshToken
{
    public required string TokenHash { get; init; }
    public Guid RefreshTokenId { get; init; }
    public DateTime ValidUntil { get; init; }
}

/// <summary>A one-time code sent to a user (sign-up, password reset, attribute verification), stored hashed.</summary>
public sealed class VerificationCode
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public required string Purpose { get; init; }
    public required string CodeHash { get; init; }
    public DateTime ExpiresAt { get; init; }
    public int FailedAttempts { get; set; }
    /// <summary>A new email or phone that takes effect only once this code verifies it (AttributesRequireVerificationBeforeUpdate).</summary>
    public string? PendingValue { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>A message as it was sent: what the dev outbox endpoint lists and what SMTP delivered.</summary>
public sealed class OutboxMessage
{
    public long Id { get; init; }
    public required string UserPoolId { get; init; }
    public required string Username { get; init; }
    public required string Destination { get; init; }
    public required string Medium { get; init; }
    public required string Kind { get; init; }
    public string? Code { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public DateTime SentAt { get; init; }
}

/// <summary>
/// A challenge in progress (NEW_PASSWORD_REQUIRED, MFA, SRP): the opaque Session string handed to the client
/// maps to this row by hash; the row is bound to user, client and step and is deleted when used.
/// </summary>
public sealed class AuthSession
{
    public required string TokenHash { get; init; }
    public Guid UserId { get; init; }
    public required string ClientId { get; init; }
    public required string ChallengeName { get; init; }
    public Dictionary<string, string> Data { get; init; } = [];
    public DateTime ExpiresAt { get; init; }
    /// <summary>Answers checked against a code challenge, reserved atomically before each check (see ChallengeSessions.Attempt).</summary>
    public int Attempts { get; init; }
}

public sealed class Group
{
    public required string UserPoolId { get; init; }
    public required string GroupName { get; init; }
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public int? Precedence { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

public sealed class GroupMembership
{
    public required string UserPoolId { get; init; }
    public required string GroupName { get; init; }
    public Guid UserId { get; init; }
}

/// <summary>An identity pool (cognito-identity); its id is `region:uuid`.</summary>
public sealed class IdentityPool
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
    public required StoredIdentityPoolSettings Settings { get; set; }
}

/// <summary>An identity of an identity pool: a guest, or one person known by one or more logins.</summary>
public sealed class Identity
{
    public required string Id { get; init; }
    public required string IdentityPoolId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>
/// A login linked to an identity: provider name (e.g. `cognito-idp.us-east-1.amazonaws.com/us-east-1_X`, an OIDC issuer, or
/// the pool's developer provider name) and the subject it vouches for. One (pool, provider, subject) names one identity.
/// </summary>
public sealed class IdentityLogin
{
    public required string IdentityPoolId { get; init; }
    public required string ProviderName { get; init; }
    public required string Subject { get; init; }
    public required string IdentityId { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>The RSA key cognito-identity signs its OpenID tokens with (one set for the service, as AWS has).</summary>
public sealed class IdentitySigningKey
{
    public required string Kid { get; init; }
    public required string PrivateKeyCipher { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// Temporary credentials we issued (GetCredentialsForIdentity, STS AssumeRoleWithWebIdentity): the secret key encrypted (SigV4
/// needs it back), the session token hashed, and what the session is: role, subject, audience, amr and principal tags.
/// </summary>
public sealed class IssuedCredential
{
    /// <summary>`ASIA` + 16 upper-case alphanumerics.</summary>
    public required string AccessKeyId { get; init; }
    public required string SecretKeyCipher { get; init; }
    public required string SessionTokenHash { get; init; }
    public required string RoleArn { get; init; }
    public required string RoleSessionName { get; init; }
    /// <summary>Who vouched for the subject: `cognito-identity.amazonaws.com` or an OIDC provider.</summary>
    public required string Provider { get; init; }
    /// <summary>The web identity's subject: the IdentityId for cognito-identity tokens.</summary>
    public required string Subject { get; init; }
    public string? Audience { get; init; }
    public string? IdentityId { get; init; }
    public List<string> Amr { get; init; } = [];
    public Dictionary<string, string> PrincipalTags { get; init; } = [];
    /// <summary>An inline session policy given to AssumeRoleWithWebIdentity, which narrows the role's policies.</summary>
    public string? SessionPolicy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>
/// One row: a value only the master key produces (SecretProtector.KeyCheck), stored at the first start. An instance
/// started with another key is refused at start-up instead of failing to decrypt the secrets later.
/// </summary>
public sealed class MasterKeyCheck
{
    public int Id { get; init; }
    public required string Value { get; init; }
}
