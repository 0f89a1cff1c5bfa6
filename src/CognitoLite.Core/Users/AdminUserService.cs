using System.Security.Cryptography;
using CognitoLite.Core.Api;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Triggers;
using CognitoLite.Core.UserPools;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Users;

/// <summary>Admin user management: AdminCreateUser, AdminGetUser, attributes, enable/disable, passwords, AdminDeleteUser.</summary>
public sealed class AdminUserService(
    CognitoDbContext db,
    UserDirectory directory,
    UserService users,
    UserMessages messages,
    PasswordHasher hasher,
    TokenService tokens,
    LambdaTriggers triggers,
    CognitoOptions options,
    Audit audit,
    TimeProvider clock)
{
    public async Task<AdminCreateUserResponse> AdminCreateUser(AdminCreateUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var policy = pool.Settings.Policies.PasswordPolicy ?? new StoredPasswordPolicyType();
        var temporary = request.TemporaryPassword ?? GeneratePassword(policy);
        PasswordPolicy.Check(policy, temporary);
        var now = clock.GetUtcNow().UtcDateTime;
        var validity = TimeSpan.FromDays(policy.TemporaryPasswordValidityDays ?? 7);
        // A new user is checked and shown to the pre sign-up function before anything is written: a refusal leaves no user.
        var created = request.MessageAction == "RESEND" ? null : await NewUser(pool, request, temporary, now, now + validity, ct);

        User user;
        if (created is null)
        {
            user = await directory.Require(pool, request.Username!, ct);
            if (user.Status != UserStatus.ForceChangePassword)
                throw Errors.UnsupportedUserState($"Resend not possible. {user.Username} status is not FORCE_CHANGE_PASSWORD.");
            hasher.SetPassword(user, temporary);
            user.TemporaryPasswordExpiresAt = now + validity;
            user.ModifiedAt = now;
        }
        else
        {
            user = created;
            // A name already taken refuses the call before anything is sent.
            await users.CheckNew(pool, user, request.ForceAliasCreation == true, ct);
        }

        // The invitation (custom message and sender functions, SMTP) goes out before the transaction: on SQLite a
        // transaction holds the database's write lock, which no other request may wait on for a function's seconds.
        // Its outbox row is committed with the user.
        if (request.MessageAction != "SUPPRESS")
        {
            var mediums = request.DesiredDeliveryMediums is { Count: > 0 } given ? given : ["SMS"];
            if (!mediums.Any(m => user.Attributes.ContainsKey(m == "EMAIL" ? "email" : "phone_number")))
            {
                if (request.DesiredDeliveryMediums is { Count: > 0 })
                    throw Errors.InvalidParameter("User has no attribute matching desired delivery mediums");
                mediums = user.Attributes.ContainsKey("email") ? ["EMAIL"] : [];
            }
            // AdminCreateUser's ClientMetadata goes to pre sign-up only, as Cognito passes it.
            await messages.SendInvitation(pool, user, temporary, mediums, new CallerContext(LambdaTriggers.NoClient), ct);
        }

        // Moving an alias from its holder and creating the user succeed or fail together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (created is not null)
        {
            await users.ClaimAliases(pool, user, request.ForceAliasCreation == true, ct);
            await users.Insert(pool, user, ct);
        }
        await users.SaveAliases(pool, ct);
        await transaction.CommitAsync(ct);
        return new AdminCreateUserResponse(TypeOf(user));
    }

    /// <summary>The user AdminCreateUser adds, not yet stored, once the pre sign-up function let it be (Cognito ignores its answer here).</summary>
    private async Task<User> NewUser(UserPool pool, AdminCreateUserRequest request, string temporaryPassword, DateTime now, DateTime expires, CancellationToken ct)
    {
        var attributes = AttributeRules.Check(pool, client: null, request.UserAttributes ?? [], creating: true);
        var sub = Guid.NewGuid();
        var username = UserService.CanonicalUsername(pool, request.Username!, attributes, sub);
        await triggers.PreSignUp(pool, TriggerSource.PreSignUpAdminCreateUser, LambdaTriggers.NoClient, username, attributes,
            request.ValidationData?.Select(a => KeyValuePair.Create(a.Name!, a.Value ?? "")), request.ClientMetadata, ct);
        // Required attributes are not checked here: an admin may leave them to the user, who must give them
        // when answering NEW_PASSWORD_REQUIRED (its requiredAttributes lists them), as on AWS.
        var user = UserService.NewUser(pool, username, sub, UserStatus.ForceChangePassword, attributes, now);
        user.TemporaryPasswordExpiresAt = expires;
        hasher.SetPassword(user, temporaryPassword);
        return user;
    }

    public async Task<AdminGetUserResponse> AdminGetUser(AdminUserRequest request, CancellationToken ct)
    {
        var user = await Require(request, ct);
        return new AdminGetUserResponse(user.Username, UserService.AttributesOf(user), UserPoolService.Utc(user.CreatedAt), UserPoolService.Utc(user.ModifiedAt),
            user.Enabled, user.Status, UserMfaSettings.Options(user), user.PreferredMfa, UserMfaSettings.Of(user));
    }

    public async Task<Empty> AdminUpdateUserAttributes(AdminUpdateUserAttributesRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        var changes = AttributeRules.Check(pool, client: null, request.UserAttributes!, creating: false);
        foreach (var (name, value) in changes)
        {
            var changed = user.Attributes.GetValueOrDefault(name) != value;
            user.Attributes[name] = value;
            // An admin may set a new email or phone already verified; otherwise the new value is unverified.
            if (changed && name is "email" or "phone_number" && !changes.ContainsKey(name + "_verified"))
                user.Attributes[name + "_verified"] = "false";
        }
        await users.ClaimAliases(pool, user, force: false, ct);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await users.SaveAliases(pool, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminDeleteUserAttributes(AdminDeleteUserAttributesRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        foreach (var name in request.UserAttributeNames!)
        {
            var schema = pool.Settings.SchemaAttributes.FirstOrDefault(a => a.Name == name)
                ?? throw Errors.AttributeNotInSchema(name);
            if (schema.Required == true) throw Errors.RequiredAttribute(name);
            user.Attributes.Remove(name);
            if (name is "email" or "phone_number") user.Attributes.Remove(name + "_verified");
        }
        UserDirectory.RefreshLookups(pool, user);
        await Save(user, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminDisableUser(AdminUserRequest request, CancellationToken ct)
    {
        var user = await Require(request, ct);
        user.Enabled = false;
        // As on AWS, disabling revokes the user's tokens: they stay refused after AdminEnableUser.
        await tokens.RevokeAll(user, ct);
        await Save(user, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminEnableUser(AdminUserRequest request, CancellationToken ct)
    {
        var user = await Require(request, ct);
        user.Enabled = true;
        await Save(user, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminSetUserPassword(AdminSetUserPasswordRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        var policy = pool.Settings.Policies.PasswordPolicy ?? new StoredPasswordPolicyType();
        PasswordPolicy.Check(policy, request.Password!);
        hasher.SetPassword(user, request.Password!);
        if (request.Permanent == true)
        {
            user.Status = UserStatus.Confirmed;
            user.TemporaryPasswordExpiresAt = null;
        }
        else
        {
            user.Status = UserStatus.ForceChangePassword;
            user.TemporaryPasswordExpiresAt = clock.GetUtcNow().UtcDateTime + TimeSpan.FromDays(policy.TemporaryPasswordValidityDays ?? 7);
        }
        await Save(user, ct);
        audit.PasswordChanged(pool.Id, user.Username, "AdminSetUserPassword");
        return Empty.Value;
    }

    /// <summary>The user must choose a new password through ForgotPassword's code; sign-in gives PasswordResetRequiredException until then.</summary>
    public async Task<Empty> AdminResetUserPassword(AdminUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        if (!user.Enabled) throw Errors.UserDisabled();
        var attribute = UserMessages.RecoveryAttribute(pool, user)
            ?? throw Errors.NoRecoveryDestination();
        if (user.Status != UserStatus.Unconfirmed) user.Status = UserStatus.ResetRequired;
        await messages.SendCode(pool, user, attribute, Codes.ForgotPassword, "ForgotPassword", options.Codes.ForgotPasswordValidity,
            new CallerContext(LambdaTriggers.NoClient, request.ClientMetadata), ct);
        await tokens.RevokeAll(user, ct);
        await Save(user, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminDeleteUser(AdminUserRequest request, CancellationToken ct)
    {
        var user = await Require(request, ct);
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
        audit.UserDeleted(user.UserPoolId, user.Username, user.Sub, "AdminDeleteUser");
        return Empty.Value;
    }

    public async Task<ListUsersResponse> ListUsers(ListUsersRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var after = request.PaginationToken is null ? null : PageToken.Decode(request.PaginationToken);
        var query = ListUsersQuery(pool, request.Filter, after);
        var (page, next) = PageToken.Cut(await query.Take(limit + 1).ToListAsync(ct), limit, u => u.UsernameKey);
        var wanted = request.AttributesToGet;
        var result = page.Select(user =>
        {
            var type = TypeOf(user);
            return wanted is null ? type : type with { Attributes = type.Attributes.Where(a => wanted.Contains(a.Name!)).ToList() };
        }).ToList();
        return new ListUsersResponse(result, next);
    }

    /// <summary>ListUsers' users: those of the pool that the filter keeps, after the page token's, in UsernameKey order.</summary>
    internal IQueryable<User> ListUsersQuery(UserPool pool, string? filter, string? after)
    {
        var query = db.Users.AsNoTracking().Where(u => u.UserPoolId == pool.Id);
        if (ListUsersFilter.Parse(filter) is { } condition) query = query.Where(condition);
        if (after is not null) query = query.Where(u => string.Compare(u.UsernameKey, after) > 0);
        return query.OrderBy(u => u.UsernameKey);
    }

    public static UserType TypeOf(User user) =>
        new(user.Username, UserService.AttributesOf(user), UserPoolService.Utc(user.CreatedAt), UserPoolService.Utc(user.ModifiedAt), user.Enabled, user.Status,
            UserMfaSettings.Options(user));

    private async Task<User> Require(AdminUserRequest request, CancellationToken ct) =>
        await directory.Require(await directory.Pool(request.UserPoolId!, ct), request.Username!, ct);

    private async Task Save(User user, CancellationToken ct)
    {
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }


    /// <summary>A temporary password that satisfies the pool's policy: one of each required class, then random.</summary>
    internal static string GeneratePassword(StoredPasswordPolicyType policy)
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%^&*-_=+";
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        const string all = lower + upper + digits + symbols;
        while (chars.Count < Math.Max(policy.MinimumLength ?? 8, 12)) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }
}
