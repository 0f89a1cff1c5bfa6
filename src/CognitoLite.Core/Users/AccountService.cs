using CognitoLite.Core.Api;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Triggers;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Users;

/// <summary>What users do to their own account: GetUser, attributes and their verification, passwords (change, forgot), DeleteUser.</summary>
public sealed class AccountService(
    CognitoDbContext db,
    UserDirectory directory,
    UserService users,
    UserMigration migration,
    UserMessages messages,
    Codes codes,
    PasswordHasher hasher,
    Lockout lockout,
    TokenService tokens,
    LambdaTriggers triggers,
    ThreatProtection threats,
    CognitoOptions options,
    Audit audit,
    TimeProvider clock)
{
    public async Task<GetUserResponse> GetUser(AccessTokenRequest request, CancellationToken ct)
    {
        var token = await tokens.ValidateAccessToken(request.AccessToken!, tracked: false, ct);
        var user = token.User;
        return new GetUserResponse(user.Username, UserService.AttributesOf(user), UserMfaSettings.Options(user), user.PreferredMfa, UserMfaSettings.Of(user));
    }

    public async Task<UpdateUserAttributesResponse> UpdateUserAttributes(UpdateUserAttributesRequest request, CancellationToken ct)
    {
        var (pool, client, user) = await Caller(request.AccessToken!, ct);
        var changes = AttributeRules.Check(pool, client, request.UserAttributes!, creating: false);
        foreach (var flag in changes.Keys.Where(k => k is "email_verified" or "phone_number_verified"))
            if (client.Settings.WriteAttributes?.Contains(flag) != true)
                throw Errors.UnauthorizedAttributeWrite();

        var deliveries = new List<CodeDeliveryDetailsType>();
        var caller = new CallerContext(client.Id, request.ClientMetadata);
        var autoVerified = pool.Settings.AutoVerifiedAttributes ?? [];
        var waitForVerification = pool.Settings.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate ?? [];
        foreach (var (name, value) in changes)
        {
            var contact = name is "email" or "phone_number";
            if (!contact || user.Attributes.GetValueOrDefault(name) == value)
            {
                user.Attributes[name] = value;
                continue;
            }
            if (waitForVerification.Contains(name) && autoVerified.Contains(name) && UserMessages.Verified(user, name))
            {
                // The old, verified value stays until the code sent to the new one comes back.
                deliveries.Add(await messages.SendCode(pool, user, name, Codes.VerifyAttribute(name), "UpdateUserAttribute",
                    options.Codes.AttributeVerificationValidity, caller, ct, pendingValue: value));
                continue;
            }
            user.Attributes[name] = value;
            user.Attributes[name + "_verified"] = "false";
            if (autoVerified.Contains(name))
                deliveries.Add(await messages.SendCode(pool, user, name, Codes.VerifyAttribute(name), "UpdateUserAttribute",
                    options.Codes.AttributeVerificationValidity, caller, ct));
        }
        await users.ClaimAliases(pool, user, force: false, ct);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await users.SaveAliases(pool, ct);
        return new UpdateUserAttributesResponse(deliveries);
    }

    public async Task<Empty> DeleteUserAttributes(DeleteUserAttributesRequest request, CancellationToken ct)
    {
        var (pool, client, user) = await Caller(request.AccessToken!, ct);
        foreach (var name in request.UserAttributeNames!)
        {
            var schema = pool.Settings.SchemaAttributes.FirstOrDefault(a => a.Name == name)
                ?? throw Errors.AttributeNotInSchema(name);
            if (schema.Required == true || name == "sub")
                throw Errors.RequiredAttribute(name);
            if (client.Settings.WriteAttributes is { Count: > 0 } writable && !writable.Contains(name))
                throw Errors.UnauthorizedAttributeWrite();
            user.Attributes.Remove(name);
            if (name is "email" or "phone_number") user.Attributes.Remove(name + "_verified");
        }
        UserDirectory.RefreshLookups(pool, user);
        await Save(user, ct);
        return Empty.Value;
    }

    public async Task<CodeDeliveryResponse> GetUserAttributeVerificationCode(GetUserAttributeVerificationCodeRequest request, CancellationToken ct)
    {
        var (pool, client, user) = await Caller(request.AccessToken!, ct);
        var name = request.AttributeName!;
        if (name is not ("email" or "phone_number"))
            throw Errors.NotVerifiableAttribute(name);
        if (!user.Attributes.ContainsKey(name)) throw Errors.InvalidParameter($"User has no attribute {name}.");
        var delivery = await messages.SendCode(pool, user, name, Codes.VerifyAttribute(name), "VerifyUserAttribute", options.Codes.AttributeVerificationValidity,
            new CallerContext(client.Id, request.ClientMetadata), ct);
        await db.SaveChangesAsync(ct);
        return new CodeDeliveryResponse(delivery);
    }

    public async Task<Empty> VerifyUserAttribute(VerifyUserAttributeRequest request, CancellationToken ct)
    {
        var (pool, _, user) = await Caller(request.AccessToken!, ct);
        var name = request.AttributeName!;
        if (name is not ("email" or "phone_number"))
            throw Errors.NotVerifiableAttribute(name);
        var pending = await codes.Consume(user, Codes.VerifyAttribute(name), request.Code!, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (pending is not null) user.Attributes[name] = pending;
        user.Attributes[name + "_verified"] = "true";
        await users.ClaimAliases(pool, user, force: false, ct);
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await users.SaveAliases(pool, ct);
        await transaction.CommitAsync(ct);
        return Empty.Value;
    }

    public async Task<Empty> ChangePassword(ChangePasswordRequest request, CancellationToken ct)
    {
        var (pool, client, user) = await Caller(request.AccessToken!, ct);
        if (user.PasswordHash is not null)
        {
            if (request.PreviousPassword is null) throw Errors.InvalidParameter("Missing required parameter PreviousPassword");
            await lockout.Reserve(user, ct);
            if (!PasswordHasher.Verify(request.PreviousPassword, user.PasswordHash))
                throw Errors.IncorrectUsernameOrPassword();
            await lockout.Clear(user, ct);
        }
        PasswordPolicy.Check(pool.Settings.Policies.PasswordPolicy ?? new StoredPasswordPolicyType(), request.ProposedPassword!);
        threats.Begin(pool, client);
        var compromised = await threats.ScreenPassword(RiskEvents.PasswordChange, request.ProposedPassword!, user, AuthEvents.PasswordChange, ct);
        hasher.SetPassword(user, request.ProposedPassword!);
        await Save(user, ct);
        await threats.Recorded(user, AuthEvents.PasswordChange, compromised, ct);
        audit.PasswordChanged(pool.Id, user.Username, "ChangePassword");
        return Empty.Value;
    }

    public async Task<CodeDeliveryResponse> ForgotPassword(ForgotPasswordRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        directory.CheckSecretHash(client, request.SecretHash, request.Username!);
        // With admin_only recovery no user may reset a password, whoever they are: said before looking the user up.
        if (pool.Settings.AccountRecoverySetting?.RecoveryMechanisms?.Any(m => m.Name == "admin_only") == true)
            throw Errors.NotAuthorized("Contact administrator to reset password.");
        // A user the pool does not have may be in the old store the pool's user migration function knows.
        var user = await directory.Find(pool, request.Username!, ct) ?? await migration.ForgotPassword(pool, client, request.Username!, request.ClientMetadata, ct);
        if (user is null)
        {
            if (client.Settings.PreventUserExistenceErrors != "ENABLED") throw Errors.UsernameClientIdNotFound();
            // Cognito alternates, for a name it does not have, between what real users get: a code sent to where the name's
            // would go (simulated, nothing is), or no verified contact to send it to. Which one is the same at every request.
            var simulated = messages.Alternative(pool, request.Username!, "recoverable") ? UserMessages.SimulatedRecoveryAttribute(pool, request.Username!) : null;
            if (simulated is null) throw Errors.NoRecoveryDestination();
            return new CodeDeliveryResponse(messages.Simulated(pool, request.Username!, simulated));
        }
        if (!user.Enabled && client.Settings.PreventUserExistenceErrors != "ENABLED") throw Errors.UserDisabled();
        var attribute = UserMessages.RecoveryAttribute(pool, user) ?? throw Errors.NoRecoveryDestination();
        // A disabled user is answered as if enabled (Cognito's simulated delivery), and sent nothing.
        if (!user.Enabled) return new CodeDeliveryResponse(CodeDeliveryDetailsType.For(attribute, user.Attributes[attribute]));
        var delivery = await messages.SendCode(pool, user, attribute, Codes.ForgotPassword, "ForgotPassword", options.Codes.ForgotPasswordValidity,
            new CallerContext(client.Id, request.ClientMetadata), ct);
        await db.SaveChangesAsync(ct);
        threats.Begin(pool, client, request.UserContextData);
        await threats.Recorded(user, AuthEvents.ForgotPassword, false, ct);
        return new CodeDeliveryResponse(delivery);
    }

    public async Task<Empty> ConfirmForgotPassword(ConfirmForgotPasswordRequest request, CancellationToken ct)
    {
        var (pool, client) = await directory.Client(request.ClientId!, ct);
        directory.CheckSecretHash(client, request.SecretHash, request.Username!);
        // The new password is checked before the user is looked up, so that its refusal is the same for every name.
        PasswordPolicy.Check(pool.Settings.Policies.PasswordPolicy ?? new StoredPasswordPolicyType(), request.Password!);
        threats.Begin(pool, client, request.UserContextData);
        var user = await directory.Find(pool, request.Username!, ct);
        var compromised = await threats.ScreenPassword(RiskEvents.PasswordChange, request.Password!, user, AuthEvents.PasswordChange, ct);
        var hidden = client.Settings.PreventUserExistenceErrors == "ENABLED";
        if (user is null) throw hidden ? Errors.CodeMismatch() : Errors.UsernameClientIdNotFound();
        if (!user.Enabled) throw hidden ? Errors.CodeMismatch() : Errors.UserDisabled();
        await codes.Consume(user, Codes.ForgotPassword, request.ConfirmationCode!, ct);
        hasher.SetPassword(user, request.Password!);
        if (user.Status is UserStatus.ResetRequired or UserStatus.ForceChangePassword) user.Status = UserStatus.Confirmed;
        user.TemporaryPasswordExpiresAt = null;
        lockout.Release(user);
        await Save(user, ct);
        await threats.Recorded(user, AuthEvents.PasswordChange, compromised, ct);
        audit.PasswordReset(pool.Id, user.Username);
        // After the new password is stored: it stays whatever the function answers.
        await triggers.PostConfirmation(pool, TriggerSource.PostConfirmationConfirmForgotPassword, client.Id, user, request.ClientMetadata, ct);
        return Empty.Value;
    }

    public async Task<Empty> DeleteUser(AccessTokenRequest request, CancellationToken ct)
    {
        var (_, _, user) = await Caller(request.AccessToken!, ct);
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
        audit.UserDeleted(user.UserPoolId, user.Username, user.Sub, "DeleteUser");
        return Empty.Value;
    }

    /// <summary>The user behind an access token with the self-service scope, with their pool and the client the token was issued to.</summary>
    private async Task<(UserPool Pool, AppClient Client, User User)> Caller(string accessToken, CancellationToken ct)
    {
        var token = await tokens.ValidateAccessToken(accessToken, tracked: true, ct);
        var pool = await directory.Pool(token.User.UserPoolId, ct);
        var client = await db.AppClients.FirstOrDefaultAsync(c => c.Id == token.ClientId, ct)
            ?? throw Errors.InvalidAccessToken();
        return (pool, client, token.User);
    }

    private async Task Save(User user, CancellationToken ct)
    {
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
