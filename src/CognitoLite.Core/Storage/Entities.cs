using CognitoLite.Core.UserPools;

namespace CognitoLite.Core.Storage;

public sealed class UserPool
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
    public required UserPoolSettings Settings { get; set; }
}

public sealed class AppClient
{
    public required string Id { get; init; }
    public required string UserPoolId { get; init; }
    public required string Name { get; set; }
    /// <summary>The client secret, encrypted with the master key (Cognito returns it on Describe, so it cannot be hashed).</summary>
    public string? SecretCipher { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
    public required AppClientSettings Settings { get; set; }
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
    public string? PasswordHash { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
}
