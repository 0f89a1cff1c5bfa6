using CognitoLite.Core.Passwords;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;

namespace CognitoLite.Core.Users;

/// <summary>
/// Users moved in from an old store by the pool's user migration function (spec/user-pools.md §11): when a user the pool
/// does not have signs in with a password or asks for a password reset, the function vouches for the user, and the user is
/// created with the attributes it gives, as AdminCreateUser creates one. All or nothing: a refusal, an ill-shaped answer,
/// attributes the schema refuses or a taken email or phone leave no user.
/// </summary>
public sealed class UserMigration(CognitoDbContext db, UserService users, UserMessages messages, PasswordHasher hasher, LambdaTriggers triggers, TimeProvider clock)
{
    /// <summary>
    /// The user the function vouched for with this password, now in the pool with it (CONFIRMED, or RESET_REQUIRED when the
    /// function says the password must change); null when the pool has no such function. The password is kept as given:
    /// Cognito does not hold a migrated password to the pool's policy.
    /// </summary>
    public async Task<User?> SignIn(UserPool pool, AppClient client, string username, string password, IReadOnlyDictionary<string, string>? validationData,
        CancellationToken ct)
    {
        var migrated = await triggers.UserMigration(pool, TriggerSource.UserMigrationAuthentication, client.Id, username, password, validationData, null, ct);
        if (migrated is null) return null;
        var user = NewUser(pool, username, migrated, migrated.FinalUserStatus == UserStatus.ResetRequired ? UserStatus.ResetRequired : UserStatus.Confirmed);
        hasher.SetPassword(user, password);
        await Create(pool, client, user, migrated, migrated.MessageSuppressed ? null : password, ct);
        return user;
    }

    /// <summary>
    /// The user the function found for a password reset, now in the pool as RESET_REQUIRED and without a password, which the
    /// reset code then sets; null when the pool has no such function. No welcome message: the reset code is the message.
    /// </summary>
    public async Task<User?> ForgotPassword(UserPool pool, AppClient client, string username, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var migrated = await triggers.UserMigration(pool, TriggerSource.UserMigrationForgotPassword, client.Id, username, null, null, clientMetadata, ct);
        if (migrated is null) return null;
        var user = NewUser(pool, username, migrated, UserStatus.ResetRequired);
        // The code needs a verified email or phone to go to: checked before the user exists.
        if (UserMessages.RecoveryAttribute(pool, user) is null) throw Errors.NoRecoveryDestination();
        await Create(pool, client, user, migrated, welcomePassword: null, ct);
        return user;
    }

    /// <summary>The new user, not yet stored: attributes as an admin may set them, the username as SignUp makes it from the name typed.</summary>
    private User NewUser(UserPool pool, string typed, MigratedUser migrated, string status)
    {
        var attributes = AttributeRules.Check(pool, client: null, migrated.UserAttributes.Select(a => new AttributeType { Name = a.Key, Value = a.Value }), creating: true);
        var sub = Guid.NewGuid();
        var username = UserService.CanonicalUsername(pool, typed, attributes, sub);
        var user = UserService.NewUser(pool, username, sub, status, attributes, clock.GetUtcNow().UtcDateTime);
        user.SmsMfaEnabled = migrated.EnableSmsMfa;
        return user;
    }

    /// <summary>
    /// Stores the user, with the verified email or phone taken from the user who has it when the function says so
    /// (forceAliasCreation), and sends the welcome message unless suppressed: the pool's invitation, as AdminCreateUser sends
    /// it, with the password in place of the temporary one, to the desired mediums the user has an address for.
    /// </summary>
    private async Task Create(UserPool pool, AppClient client, User user, MigratedUser migrated, string? welcomePassword, CancellationToken ct)
    {
        // As AdminCreateUser: the message goes out before the transaction, which on SQLite holds the write lock.
        await users.CheckNew(pool, user, migrated.ForceAliasCreation, ct);
        if (welcomePassword is not null)
            await messages.SendInvitation(pool, user, welcomePassword, migrated.DesiredDeliveryMediums, new CallerContext(client.Id), ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.ClaimAliases(pool, user, migrated.ForceAliasCreation, ct);
        await users.Insert(pool, user, ct);
        await users.SaveAliases(pool, ct);
        await transaction.CommitAsync(ct);
    }
}
