using CognitoLite.Core.Api;
using CognitoLite.Core.Auth;
using CognitoLite.Core.UserPools;
using CognitoLite.Core.Users;
using static CognitoLite.Server.AwsJson.Operation;

namespace CognitoLite.Server.AwsJson;

/// <summary>
/// Every operation CognitoLite serves, one line each, grouped by feature: this table is the list of what we support.
/// Signed operations need SigV4 in production mode; open ones are authorised by client id, token or session
/// (spec/protocol.md §2).
/// </summary>
internal static class OperationTable
{
    private const string Idp = "AWSCognitoIdentityProviderService.";

    public static readonly IReadOnlyDictionary<string, Operation> ByTarget = new Operation[]
    {
        // User pools
        Signed<UserPoolService, CreateUserPoolRequest, UserPoolResponse>(Idp + "CreateUserPool", (s, r, ct) => s.CreateUserPool(r, ct)),
        Signed<UserPoolService, UserPoolIdRequest, UserPoolResponse>(Idp + "DescribeUserPool", (s, r, ct) => s.DescribeUserPool(r, ct)),
        Signed<UserPoolService, UpdateUserPoolRequest, Empty>(Idp + "UpdateUserPool", (s, r, ct) => s.UpdateUserPool(r, ct)),
        Signed<UserPoolService, UserPoolIdRequest, Empty>(Idp + "DeleteUserPool", (s, r, ct) => s.DeleteUserPool(r, ct)),
        Signed<UserPoolService, ListUserPoolsRequest, ListUserPoolsResponse>(Idp + "ListUserPools", (s, r, ct) => s.ListUserPools(r, ct)),
        Signed<UserPoolService, AddCustomAttributesRequest, Empty>(Idp + "AddCustomAttributes", (s, r, ct) => s.AddCustomAttributes(r, ct)),
        Signed<UserPoolService, UserPoolIdRequest, UserPoolMfaConfig>(Idp + "GetUserPoolMfaConfig", (s, r, ct) => s.GetUserPoolMfaConfig(r, ct)),
        Signed<UserPoolService, SetUserPoolMfaConfigRequest, UserPoolMfaConfig>(Idp + "SetUserPoolMfaConfig", (s, r, ct) => s.SetUserPoolMfaConfig(r, ct)),
        Signed<UserPoolService, TagResourceRequest, Empty>(Idp + "TagResource", (s, r, ct) => s.TagResource(r, ct)),
        Signed<UserPoolService, UntagResourceRequest, Empty>(Idp + "UntagResource", (s, r, ct) => s.UntagResource(r, ct)),
        Signed<UserPoolService, ResourceArnRequest, ListTagsForResourceResponse>(Idp + "ListTagsForResource", (s, r, ct) => s.ListTagsForResource(r, ct)),

        // App clients
        Signed<AppClientService, CreateUserPoolClientRequest, UserPoolClientResponse>(Idp + "CreateUserPoolClient", (s, r, ct) => s.CreateUserPoolClient(r, ct)),
        Signed<AppClientService, UserPoolClientRequest, UserPoolClientResponse>(Idp + "DescribeUserPoolClient", (s, r, ct) => s.DescribeUserPoolClient(r, ct)),
        Signed<AppClientService, UpdateUserPoolClientRequest, UserPoolClientResponse>(Idp + "UpdateUserPoolClient", (s, r, ct) => s.UpdateUserPoolClient(r, ct)),
        Signed<AppClientService, UserPoolClientRequest, Empty>(Idp + "DeleteUserPoolClient", (s, r, ct) => s.DeleteUserPoolClient(r, ct)),
        Signed<AppClientService, ListUserPoolClientsRequest, ListUserPoolClientsResponse>(Idp + "ListUserPoolClients", (s, r, ct) => s.ListUserPoolClients(r, ct)),

        // Sign-up and confirmation
        Open<UserService, SignUpRequest, SignUpResponse>(Idp + "SignUp", (s, r, ct) => s.SignUp(r, ct)),
        Open<UserService, ConfirmSignUpRequest, Empty>(Idp + "ConfirmSignUp", (s, r, ct) => s.ConfirmSignUp(r, ct)),
        Open<UserService, ResendConfirmationCodeRequest, CodeDeliveryResponse>(Idp + "ResendConfirmationCode", (s, r, ct) => s.ResendConfirmationCode(r, ct)),
        Signed<UserService, AdminUserRequest, Empty>(Idp + "AdminConfirmSignUp", (s, r, ct) => s.AdminConfirmSignUp(r, ct)),

        // Sign-in, tokens and sign-out
        Open<AuthService, InitiateAuthRequest, InitiateAuthResponse>(Idp + "InitiateAuth", (s, r, ct) => s.InitiateAuth(r, ct)),
        Signed<AuthService, AdminInitiateAuthRequest, InitiateAuthResponse>(Idp + "AdminInitiateAuth", (s, r, ct) => s.AdminInitiateAuth(r, ct)),
        Open<UserService, AccessTokenRequest, GetUserResponse>(Idp + "GetUser", (s, r, ct) => s.GetUser(r, ct)),
        Open<AuthService, AccessTokenRequest, Empty>(Idp + "GlobalSignOut", (s, r, ct) => s.GlobalSignOut(r, ct)),
        Signed<AuthService, AdminUserRequest, Empty>(Idp + "AdminUserGlobalSignOut", (s, r, ct) => s.AdminUserGlobalSignOut(r, ct)),
        Open<AuthService, RevokeTokenRequest, Empty>(Idp + "RevokeToken", (s, r, ct) => s.RevokeToken(r, ct)),
    }.ToDictionary(o => o.Target, StringComparer.Ordinal);
}
