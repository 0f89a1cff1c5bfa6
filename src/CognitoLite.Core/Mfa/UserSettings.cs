using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Mfa;

public sealed record SetUserSettingsRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Required] public List<MFAOptionType>? MFAOptions { get; init; }
}

public sealed record AdminSetUserSettingsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"), Sensitive] public string? Username { get; init; }
    [Required] public List<MFAOptionType>? MFAOptions { get; init; }
}

/// <summary>
/// SetUserSettings and AdminSetUserSettings, the legacy per-user MFA switch: MFAOptions `[{SMS, phone_number}]` turns
/// SMS MFA on and `[]` turns it off, as amazon-cognito-identity-js's enableMFA and disableMFA send them. SMS only, as AWS
/// allows; the other factors are SetUserMFAPreference's.
/// </summary>
public sealed class UserSettings(CognitoDbContext db, UserDirectory directory, TokenService tokens, Audit audit, TimeProvider clock)
{
    public async Task<Empty> SetUserSettings(SetUserSettingsRequest request, CancellationToken ct)
    {
        var user = (await tokens.ValidateAccessToken(request.AccessToken!, tracked: true, ct)).User;
        await Apply(user, request.MFAOptions!, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminSetUserSettings(AdminSetUserSettingsRequest request, CancellationToken ct)
    {
        var user = await directory.Require(await directory.Pool(request.UserPoolId!, ct), request.Username!, ct);
        await Apply(user, request.MFAOptions!, ct);
        return Empty.Value;
    }

    private async Task Apply(User user, List<MFAOptionType> options, CancellationToken ct)
    {
        foreach (var option in options)
        {
            if (option.DeliveryMedium != "SMS")
                throw Errors.InvalidParameter("MFAOptions can only set SMS as the delivery medium: use SetUserMFAPreference for the other factors.");
            if (option.AttributeName != "phone_number")
                throw Errors.InvalidParameter("MFAOptions can only name phone_number as the attribute.");
        }
        var enable = options.Count > 0;
        if (enable && !user.Attributes.ContainsKey("phone_number"))
            throw Errors.InvalidParameter($"User does not have delivery config set to turn on {MfaMethods.Sms}");
        var enabled = !user.SmsMfaEnabled && enable;
        user.SmsMfaEnabled = enable;
        if (!enable && user.PreferredMfa == MfaMethods.Sms) user.PreferredMfa = null;
        user.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (enabled) audit.MfaEnabled(user.UserPoolId, user.Username, MfaMethods.Sms);
    }
}
