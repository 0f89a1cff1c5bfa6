using CognitoLite.Core.Api;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Users;

public static class UserStatus
{
    public const string Unconfirmed = "UNCONFIRMED";
    public const string Confirmed = "CONFIRMED";
    public const string ForceChangePassword = "FORCE_CHANGE_PASSWORD";
    public const string ResetRequired = "RESET_REQUIRED";
    /// <summary>A user created by a sign-in through an external identity provider: no password of its own.</summary>
    public const string ExternalProvider = "EXTERNAL_PROVIDER";
}

/// <summary>Sign-up and confirmation: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp.</summary>
public sealed class UserService(
    CognitoDbContext db,
    UserDirectory directory,
    PasswordHasher hasher,
    Codes codes,
    UserMessages messages,
    LambdaTriggers triggers,
    ThreatProtection threats,
    CognitoOptions options,
    Audit audit,
    TimeProvider clock)
{
    public async Task<SignUpResponse> SignUp(SignUpRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        directory.CheckSecretHash(client, request.SecretHash, request.Username!);
        if (pool.Settings.AdminCreateUserConfig.AllowAdminCreateUserOnly == true)
            throw Errors.NotAuthorized("SignUp is not permitted for this user pool");
        if (request.Password is null) throw Errors.InvalidParameter("Password is required for SignUp.");

        var attributes = AttributeRules.Check(pool, client, request.UserAttributes ?? [], creating: true);
        var sub = Guid.NewGuid();
        var username = CanonicalUsername(pool, request.Username!, attributes, sub);
        AttributeRules.CheckRequired(pool, attributes);
        PasswordPolicy.Check(pool.Settings.Policies.PasswordPolicy ?? new StoredPasswordPolicyType(), request.Password);
        threats.Begin(pool, client, request.UserContextData);
        var compromised = await threats.ScreenPassword(RiskEvents.SignUp, request.Password, null, AuthEvents.SignUp, ct);
        attributes.Remove("email_verified");
        attributes.Remove("phone_number_verified");

        // The function sees the sign-up before anything is written: a refusal leaves no user.
        var decided = await triggers.PreSignUp(pool, TriggerSource.PreSignUpSignUp, client.Id, username, attributes,
            request.ValidationData?.Select(a => KeyValuePair.Create(a.Name!, a.Value ?? "")), request.ClientMetadata, ct);
        if (decided.AutoVerifyEmail) attributes["email_verified"] = "true";
        if (decided.AutoVerifyPhone) attributes["phone_number_verified"] = "true";

        var now = clock.GetUtcNow().UtcDateTime;
        var user = NewUser(pool, username, sub, decided.AutoConfirmUser ? UserStatus.Confirmed : UserStatus.Unconfirmed, attributes, now);
        hasher.SetPassword(user, request.Password);
        if (decided.AutoVerifyEmail || decided.AutoVerifyPhone)
        {
            await InsertClaimingAliases(pool, user, ct);
        }
        else
        {
            UserDirectory.RefreshLookups(pool, user);
            await Insert(pool, user, ct);
        }

        var attribute = decided.AutoConfirmUser ? null : UserMessages.SignUpAttribute(pool, user);
        var delivery = attribute is null ? null : await messages.SendCode(pool, user, attribute, Codes.SignUp, "SignUp", options.Codes.SignUpValidity,
            new CallerContext(client.Id, request.ClientMetadata), ct);
        await db.SaveChangesAsync(ct);
        await threats.Recorded(user, AuthEvents.SignUp, compromised, ct);
        Telemetry.SignUp(pool.Id);
        return new SignUpResponse(decided.AutoConfirmUser, delivery, user.Sub.ToString());
    }

    /// <summary>
    /// A new user whose email or phone the pre sign-up function verified: it becomes the user's alias, taken from any user
    /// who had it (Cognito's rule). Moving the alias and creating the user succeed or fail together.
    /// </summary>
    private async Task InsertClaimingAliases(UserPool pool, User user, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ClaimAliases(pool, user, force: true, ct);
        await Insert(pool, user, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<Empty> ConfirmSignUp(ConfirmSignUpRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        directory.CheckSecretHash(client, request.SecretHash, request.Username!);
        var user = await directory.Find(pool, request.Username!, ct);
        if (user is null)
        {
            if (client.Settings.PreventUserExistenceErrors != "ENABLED") throw Errors.UsernameClientIdNotFound();
            // As a real user would be: already confirmed, or waiting for a code this is not (ResendConfirmationCode agrees).
            throw messages.Alternative(pool, request.Username!, Confirmed) ? Errors.UserCannotBeConfirmed(UserStatus.Confirmed) : Errors.CodeMismatch();
        }
        if (user.Status != UserStatus.Unconfirmed)
            throw Errors.UserCannotBeConfirmed(user.Status);

        var code = await codes.Check(user, Codes.SignUp, request.ConfirmationCode!, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.Status = UserStatus.Confirmed;
        // The code went to the auto-verified attribute, so receiving it proves that attribute.
        var verified = UserMessages.SignUpAttribute(pool, user);
        if (verified is not null) user.Attributes[verified + "_verified"] = "true";
        await ClaimAliases(pool, user, request.ForceAliasCreation == true, ct);
        // Spent only with the confirmation: after AliasExistsException the same code works with ForceAliasCreation.
        await codes.Spend(code, ct);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await SaveAliases(pool, ct);
        await transaction.CommitAsync(ct);
        // After the confirmation is stored: the user stays confirmed whatever the function answers.
        await triggers.PostConfirmation(pool, TriggerSource.PostConfirmationConfirmSignUp, client.Id, user, request.ClientMetadata, ct);
        return Empty.Value;
    }

    public async Task<CodeDeliveryResponse> ResendConfirmationCode(ResendConfirmationCodeRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        directory.CheckSecretHash(client, request.SecretHash, request.Username!);
        var user = await directory.Find(pool, request.Username!, ct);
        if (user is null)
        {
            if (client.Settings.PreventUserExistenceErrors != "ENABLED") throw Errors.UsernameClientIdNotFound();
            // Cognito alternates, for a name it does not have, between what real users get: already confirmed, or a code
            // sent (simulated, nothing is). Which one is the same at every request, and ConfirmSignUp agrees.
            if (messages.Alternative(pool, request.Username!, Confirmed)) throw AlreadyConfirmed();
            var simulated = UserMessages.SimulatedSignUpAttribute(pool, request.Username!);
            return new CodeDeliveryResponse(simulated is null ? null : messages.Simulated(pool, request.Username!, simulated));
        }
        if (user.Status != UserStatus.Unconfirmed) throw AlreadyConfirmed();
        var attribute = UserMessages.SignUpAttribute(pool, user);
        // A disabled user is answered as if enabled (Cognito's doc), and sent nothing.
        if (!user.Enabled && client.Settings.PreventUserExistenceErrors == "ENABLED")
            return new CodeDeliveryResponse(attribute is null ? null : CodeDeliveryDetailsType.For(attribute, user.Attributes[attribute]));
        var delivery = attribute is null ? null : await messages.SendCode(pool, user, attribute, Codes.SignUp, "ResendCode", options.Codes.SignUpValidity,
            new CallerContext(client.Id, request.ClientMetadata), ct);
        await db.SaveChangesAsync(ct);
        threats.Begin(pool, client, request.UserContextData);
        await threats.Recorded(user, AuthEvents.ResendCode, false, ct);
        return new CodeDeliveryResponse(delivery);
    }

    /// <summary>The question <see cref="UserMessages.Alternative"/> answers for an unknown name: whether it looks confirmed.</summary>
    private const string Confirmed = "confirmed";

    private static CognitoException AlreadyConfirmed() => Errors.InvalidParameter("User is already confirmed.");

    public async Task<Empty> AdminConfirmSignUp(AdminUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        if (user.Status != UserStatus.Unconfirmed)
            throw Errors.UserCannotBeConfirmed(user.Status);
        user.Status = UserStatus.Confirmed;
        await ClaimAliases(pool, user, force: false, ct);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await SaveAliases(pool, ct);
        await triggers.PostConfirmation(pool, TriggerSource.PostConfirmationConfirmSignUp, LambdaTriggers.NoClient, user, request.ClientMetadata, ct);
        return Empty.Value;
    }

    /// <summary>The attribute list Cognito returns for a user: sub first, then the stored attributes.</summary>
    public static List<AttributeType> AttributesOf(User user) =>
        [new AttributeType { Name = "sub", Value = user.Sub.ToString() }, .. user.Attributes.Select(a => new AttributeType { Name = a.Key, Value = a.Value })];

    /// <summary>A new user of the pool, not yet stored, as SignUp, AdminCreateUser, user migration and the seed create one.</summary>
    internal static User NewUser(UserPool pool, string username, Guid sub, string status, Dictionary<string, string> attributes, DateTime now) => new()
    {
        Id = Guid.NewGuid(),
        UserPoolId = pool.Id,
        Username = username,
        UsernameKey = UserDirectory.UsernameKey(pool, username),
        Sub = sub,
        Status = status,
        Attributes = attributes,
        CreatedAt = now,
        ModifiedAt = now,
    };

    /// <summary>In pools with UsernameAttributes the email or phone typed is the sign-in name and, as on AWS, the username is the user's sub.</summary>
    internal static string CanonicalUsername(UserPool pool, string typed, Dictionary<string, string> attributes, Guid sub)
    {
        var usernameAttributes = pool.Settings.UsernameAttributes ?? [];
        var aliases = pool.Settings.AliasAttributes ?? [];
        if (usernameAttributes.Count > 0)
        {
            string attribute;
            if (usernameAttributes.Contains("email") && AttributeRules.IsEmail(typed)) attribute = "email";
            else if (usernameAttributes.Contains("phone_number") && AttributeRules.IsPhone(typed)) attribute = "phone_number";
            else throw Errors.InvalidParameter(usernameAttributes.Count == 2
                ? "Username should be either an email or a phone number."
                : usernameAttributes[0] == "email" ? "Username should be an email." : "Username should be a phone number.");
            if (attributes.TryGetValue(attribute, out var given) && !string.Equals(given, typed, StringComparison.OrdinalIgnoreCase))
                throw Errors.InvalidParameter($"{attribute} attribute does not match the username.");
            attributes[attribute] = typed;
            return sub.ToString();
        }
        if (aliases.Contains("email") && AttributeRules.IsEmail(typed))
            throw Errors.InvalidParameter("Username cannot be of email format, since user pool is configured for email alias.");
        if (aliases.Contains("phone_number") && AttributeRules.IsPhone(typed))
            throw Errors.InvalidParameter("Username cannot be of phone number format, since user pool is configured for phone_number alias.");
        return typed;
    }

    /// <summary>Adds a new user (SignUp, AdminCreateUser, a user migration); the unique indexes decide between concurrent sign-ups of one name.</summary>
    internal async Task Insert(UserPool pool, User user, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.UserPoolId == pool.Id && u.UsernameKey == user.UsernameKey, ct))
            throw Errors.UserAlreadyExists();
        if (user.EmailAliasKey is not null && await db.Users.AnyAsync(u => u.UserPoolId == pool.Id && u.EmailAliasKey == user.EmailAliasKey, ct))
            throw Errors.UsernameExists(Errors.AccountExists("email"));
        if (user.PhoneAliasKey is not null && await db.Users.AnyAsync(u => u.UserPoolId == pool.Id && u.PhoneAliasKey == user.PhoneAliasKey, ct))
            throw Errors.UsernameExists(Errors.AccountExists("phone_number"));
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (Taken(pool, race, creating: true) is { } taken)
        {
            db.Entry(user).State = EntityState.Detached;
            throw taken;
        }
        audit.UserCreated(pool.Id, user.Username, user.Sub, user.Status);
    }

    /// <summary>
    /// Refuses a new user as <see cref="ClaimAliases"/> and then <see cref="Insert"/> would, without writing anything:
    /// the checks made before a message goes out. An alias that ForceAliasCreation will move is not a refusal.
    /// </summary>
    internal async Task CheckNew(UserPool pool, User user, bool force, CancellationToken ct)
    {
        UserDirectory.RefreshLookups(pool, user);
        var usernameAttributes = pool.Settings.UsernameAttributes ?? [];
        foreach (var (attribute, key) in AliasKeys(user))
        {
            if (!await AliasHolders(pool, user, attribute, key).AnyAsync(ct)) continue;
            if (usernameAttributes.Contains(attribute)) throw Errors.UsernameExists(Errors.AccountExists(attribute));
            if (!force) throw Errors.AliasExists(Errors.AccountExists(attribute));
        }
        if (await db.Users.AnyAsync(u => u.UserPoolId == pool.Id && u.UsernameKey == user.UsernameKey, ct))
            throw Errors.UserAlreadyExists();
    }

    /// <summary>Saves users whose sign-in names may have changed: the unique indexes decide who holds an alias, not the checks before.</summary>
    internal async Task SaveAliases(UserPool pool, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (Taken(pool, race, creating: false) is { } taken)
        {
            throw taken;
        }
    }

    /// <summary>
    /// The error for a write a unique index refused: the username, or an alias another user took first. A new user whose
    /// username attribute is taken gets UsernameExistsException, an existing user AliasExistsException.
    /// </summary>
    internal static CognitoException? Taken(UserPool pool, DbUpdateException error, bool creating)
    {
        if (!error.IsUniqueViolation()) return null;
        foreach (var (attribute, column) in new[] { ("email", nameof(User.EmailAliasKey)), ("phone_number", nameof(User.PhoneAliasKey)), ("preferred_username", nameof(User.PreferredUsernameKey)) })
        {
            if (!error.IsUniqueViolationOnUsers(column)) continue;
            var message = Errors.AccountExists(attribute);
            return creating && pool.Settings.UsernameAttributes?.Contains(attribute) == true ? Errors.UsernameExists(message) : Errors.AliasExists(message);
        }
        return Errors.UserAlreadyExists();
    }

    /// <summary>
    /// A verified email or phone becomes a sign-in alias in alias pools; when another user holds it,
    /// ForceAliasCreation moves it here, otherwise AliasExistsException. In pools whose username is the email or phone,
    /// that name never moves. A concurrent claim is refused by the unique index when saving (<see cref="SaveAliases"/>).
    /// </summary>
    internal async Task ClaimAliases(UserPool pool, User user, bool force, CancellationToken ct)
    {
        UserDirectory.RefreshLookups(pool, user);
        var usernameAttributes = pool.Settings.UsernameAttributes ?? [];
        if (pool.Settings.AliasAttributes is not { Count: > 0 } && usernameAttributes.Count == 0) return;
        foreach (var (attribute, key) in AliasKeys(user))
        {
            var holder = await AliasHolders(pool, user, attribute, key).FirstOrDefaultAsync(ct);
            if (holder is null) continue;
            var message = Errors.AccountExists(attribute);
            if (usernameAttributes.Contains(attribute))
                throw db.Entry(user).State == EntityState.Detached ? Errors.UsernameExists(message) : Errors.AliasExists(message);
            if (!force) throw Errors.AliasExists(message);
            holder.Attributes[attribute + "_verified"] = "false";
            UserDirectory.RefreshLookups(pool, holder);
            // The alias must leave the old owner before the new owner takes it, or the unique index refuses.
            await SaveAliases(pool, ct);
        }
    }

    /// <summary>The email and phone alias keys the user claims (after <see cref="UserDirectory.RefreshLookups"/>).</summary>
    private static IEnumerable<(string Attribute, string Key)> AliasKeys(User user)
    {
        if (user.EmailAliasKey is { } email) yield return ("email", email);
        if (user.PhoneAliasKey is { } phone) yield return ("phone_number", phone);
    }

    /// <summary>The pool's other users holding that alias key: the check before a new user is stored and the claim of an alias.</summary>
    private IQueryable<User> AliasHolders(UserPool pool, User user, string attribute, string key) => attribute == "email"
        ? db.Users.Where(u => u.UserPoolId == pool.Id && u.Id != user.Id && u.EmailAliasKey == key)
        : db.Users.Where(u => u.UserPoolId == pool.Id && u.Id != user.Id && u.PhoneAliasKey == key);
}
