using CognitoLite.Core.Passkeys;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Auth;

public sealed record GetUserAuthFactorsResponse(
    string Username,
    string? PreferredMfaSetting,
    List<string>? UserMFASettingList,
    List<string> ConfiguredUserAuthFactors);

/// <summary>GetUserAuthFactors: the signed-in user's MFA settings, as GetUser has them, and the first factors USER_AUTH offers them.</summary>
public sealed class UserAuthFactors(TokenService tokens, UserDirectory directory, PasskeySignIn passkeys)
{
    /// <summary>
    /// ConfiguredUserAuthFactors: the pool's first factors the user can answer (PASSWORD with a password, EMAIL_OTP and
    /// SMS_OTP with a verified email or phone, WEB_AUTHN with a passkey), by factor name: PASSWORD_SRP is PASSWORD.
    /// </summary>
    public async Task<GetUserAuthFactorsResponse> GetUserAuthFactors(AccessTokenRequest request, CancellationToken ct)
    {
        var user = (await tokens.ValidateAccessToken(request.AccessToken!, tracked: false, ct)).User;
        var pool = await directory.Pool(user.UserPoolId, ct);
        var factors = FirstFactors.Of(pool.Settings, user, await passkeys.Has(user, ct))
            .Select(challenge => challenge == FirstFactors.PasswordSrp ? FirstFactors.Password : challenge)
            .Distinct().ToList();
        return new GetUserAuthFactorsResponse(user.Username, user.PreferredMfa, UserMfaSettings.Of(user), factors);
    }
}
