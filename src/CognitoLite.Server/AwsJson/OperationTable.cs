using CognitoLite.Core.Api;
using CognitoLite.Core.Auth;
using CognitoLite.Core.Devices;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Groups;
using CognitoLite.Core.IdentityPools;
using CognitoLite.Core.Import;
using CognitoLite.Core.Mfa;
using CognitoLite.Core.Security;
using CognitoLite.Core.Passkeys;
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
    private const string Identity = "AWSCognitoIdentityService.";

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
        Signed<LogDeliveryService, SetLogDeliveryConfigurationRequest, LogDeliveryConfigurationResponse>(Idp + "SetLogDeliveryConfiguration", (s, r, ct) => s.SetLogDeliveryConfiguration(r, ct)),
        Signed<LogDeliveryService, GetLogDeliveryConfigurationRequest, LogDeliveryConfigurationResponse>(Idp + "GetLogDeliveryConfiguration", (s, r, ct) => s.GetLogDeliveryConfiguration(r, ct)),

        // App clients
        Signed<AppClientService, CreateUserPoolClientRequest, UserPoolClientResponse>(Idp + "CreateUserPoolClient", (s, r, ct) => s.CreateUserPoolClient(r, ct)),
        Signed<AppClientService, UserPoolClientRequest, UserPoolClientResponse>(Idp + "DescribeUserPoolClient", (s, r, ct) => s.DescribeUserPoolClient(r, ct)),
        Signed<AppClientService, UpdateUserPoolClientRequest, UserPoolClientResponse>(Idp + "UpdateUserPoolClient", (s, r, ct) => s.UpdateUserPoolClient(r, ct)),
        Signed<AppClientService, UserPoolClientRequest, Empty>(Idp + "DeleteUserPoolClient", (s, r, ct) => s.DeleteUserPoolClient(r, ct)),
        Signed<AppClientService, ListUserPoolClientsRequest, ListUserPoolClientsResponse>(Idp + "ListUserPoolClients", (s, r, ct) => s.ListUserPoolClients(r, ct)),
        Signed<ClientSecrets, AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse>(Idp + "AddUserPoolClientSecret", (s, r, ct) => s.AddUserPoolClientSecret(r, ct)),
        Signed<ClientSecrets, ListUserPoolClientSecretsRequest, ListUserPoolClientSecretsResponse>(Idp + "ListUserPoolClientSecrets", (s, r, ct) => s.ListUserPoolClientSecrets(r, ct)),
        Signed<ClientSecrets, DeleteUserPoolClientSecretRequest, Empty>(Idp + "DeleteUserPoolClientSecret", (s, r, ct) => s.DeleteUserPoolClientSecret(r, ct)),

        // Domains, resource servers, branding and terms (the OAuth 2.0 side of a pool)
        Signed<DomainService, UserPoolDomainRequest, UserPoolDomainResponse>(Idp + "CreateUserPoolDomain", (s, r, ct) => s.CreateUserPoolDomain(r, ct)),
        Signed<DomainService, DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse>(Idp + "DescribeUserPoolDomain", (s, r, ct) => s.DescribeUserPoolDomain(r, ct)),
        Signed<DomainService, UserPoolDomainRequest, UserPoolDomainResponse>(Idp + "UpdateUserPoolDomain", (s, r, ct) => s.UpdateUserPoolDomain(r, ct)),
        Signed<DomainService, DeleteUserPoolDomainRequest, Empty>(Idp + "DeleteUserPoolDomain", (s, r, ct) => s.DeleteUserPoolDomain(r, ct)),
        Signed<ProviderLinks, AdminLinkProviderForUserRequest, Empty>(Idp + "AdminLinkProviderForUser", (s, r, ct) => s.AdminLinkProviderForUser(r, ct)),
        Signed<ProviderLinks, AdminDisableProviderForUserRequest, Empty>(Idp + "AdminDisableProviderForUser", (s, r, ct) => s.AdminDisableProviderForUser(r, ct)),
        Signed<ResourceServerService, ResourceServerRequest, ResourceServerResponse>(Idp + "CreateResourceServer", (s, r, ct) => s.CreateResourceServer(r, ct)),
        Signed<ResourceServerService, ResourceServerIdRequest, ResourceServerResponse>(Idp + "DescribeResourceServer", (s, r, ct) => s.DescribeResourceServer(r, ct)),
        Signed<ResourceServerService, ListResourceServersRequest, ListResourceServersResponse>(Idp + "ListResourceServers", (s, r, ct) => s.ListResourceServers(r, ct)),
        Signed<ResourceServerService, ResourceServerRequest, ResourceServerResponse>(Idp + "UpdateResourceServer", (s, r, ct) => s.UpdateResourceServer(r, ct)),
        Signed<ResourceServerService, ResourceServerIdRequest, Empty>(Idp + "DeleteResourceServer", (s, r, ct) => s.DeleteResourceServer(r, ct)),
        Signed<BrandingService, SetUICustomizationRequest, UICustomizationResponse>(Idp + "SetUICustomization", (s, r, ct) => s.SetUICustomization(r, ct)),
        Signed<BrandingService, GetUICustomizationRequest, UICustomizationResponse>(Idp + "GetUICustomization", (s, r, ct) => s.GetUICustomization(r, ct)),
        Signed<BrandingService, CreateManagedLoginBrandingRequest, ManagedLoginBrandingResponse>(Idp + "CreateManagedLoginBranding", (s, r, ct) => s.CreateManagedLoginBranding(r, ct)),
        Signed<BrandingService, DescribeManagedLoginBrandingRequest, ManagedLoginBrandingResponse>(Idp + "DescribeManagedLoginBranding", (s, r, ct) => s.DescribeManagedLoginBranding(r, ct)),
        Signed<BrandingService, DescribeManagedLoginBrandingByClientRequest, ManagedLoginBrandingResponse>(Idp + "DescribeManagedLoginBrandingByClient", (s, r, ct) => s.DescribeManagedLoginBrandingByClient(r, ct)),
        Signed<BrandingService, UpdateManagedLoginBrandingRequest, ManagedLoginBrandingResponse>(Idp + "UpdateManagedLoginBranding", (s, r, ct) => s.UpdateManagedLoginBranding(r, ct)),
        Signed<BrandingService, DeleteManagedLoginBrandingRequest, Empty>(Idp + "DeleteManagedLoginBranding", (s, r, ct) => s.DeleteManagedLoginBranding(r, ct)),
        Signed<TermsService, CreateTermsRequest, TermsResponse>(Idp + "CreateTerms", (s, r, ct) => s.CreateTerms(r, ct)),
        Signed<TermsService, TermsIdRequest, TermsResponse>(Idp + "DescribeTerms", (s, r, ct) => s.DescribeTerms(r, ct)),
        Signed<TermsService, ListTermsRequest, ListTermsResponse>(Idp + "ListTerms", (s, r, ct) => s.ListTerms(r, ct)),
        Signed<TermsService, UpdateTermsRequest, TermsResponse>(Idp + "UpdateTerms", (s, r, ct) => s.UpdateTerms(r, ct)),
        Signed<TermsService, TermsIdRequest, Empty>(Idp + "DeleteTerms", (s, r, ct) => s.DeleteTerms(r, ct)),

        // External identity providers (federation)
        Signed<IdentityProviderService, CreateIdentityProviderRequest, IdentityProviderResponse>(Idp + "CreateIdentityProvider", (s, r, ct) => s.CreateIdentityProvider(r, ct)),
        Signed<IdentityProviderService, IdentityProviderNameRequest, IdentityProviderResponse>(Idp + "DescribeIdentityProvider", (s, r, ct) => s.DescribeIdentityProvider(r, ct)),
        Signed<IdentityProviderService, UpdateIdentityProviderRequest, IdentityProviderResponse>(Idp + "UpdateIdentityProvider", (s, r, ct) => s.UpdateIdentityProvider(r, ct)),
        Signed<IdentityProviderService, IdentityProviderNameRequest, Empty>(Idp + "DeleteIdentityProvider", (s, r, ct) => s.DeleteIdentityProvider(r, ct)),
        Signed<IdentityProviderService, ListIdentityProvidersRequest, ListIdentityProvidersResponse>(Idp + "ListIdentityProviders", (s, r, ct) => s.ListIdentityProviders(r, ct)),
        Signed<IdentityProviderService, GetIdentityProviderByIdentifierRequest, IdentityProviderResponse>(Idp + "GetIdentityProviderByIdentifier", (s, r, ct) => s.GetIdentityProviderByIdentifier(r, ct)),

        // Sign-up and confirmation
        Open<UserService, SignUpRequest, SignUpResponse>(Idp + "SignUp", (s, r, ct) => s.SignUp(r, ct)),
        Open<UserService, ConfirmSignUpRequest, Empty>(Idp + "ConfirmSignUp", (s, r, ct) => s.ConfirmSignUp(r, ct)),
        Open<UserService, ResendConfirmationCodeRequest, CodeDeliveryResponse>(Idp + "ResendConfirmationCode", (s, r, ct) => s.ResendConfirmationCode(r, ct)),
        Signed<UserService, AdminUserRequest, Empty>(Idp + "AdminConfirmSignUp", (s, r, ct) => s.AdminConfirmSignUp(r, ct)),

        // Sign-in, tokens and sign-out
        Open<AuthService, InitiateAuthRequest, InitiateAuthResponse>(Idp + "InitiateAuth", (s, r, ct) => s.InitiateAuth(r, ct)),
        Signed<AuthService, AdminInitiateAuthRequest, InitiateAuthResponse>(Idp + "AdminInitiateAuth", (s, r, ct) => s.AdminInitiateAuth(r, ct)),
        Open<AuthService, AccessTokenRequest, Empty>(Idp + "GlobalSignOut", (s, r, ct) => s.GlobalSignOut(r, ct)),
        Signed<AuthService, AdminUserRequest, Empty>(Idp + "AdminUserGlobalSignOut", (s, r, ct) => s.AdminUserGlobalSignOut(r, ct)),
        Open<AuthService, RevokeTokenRequest, Empty>(Idp + "RevokeToken", (s, r, ct) => s.RevokeToken(r, ct)),
        Open<AuthService, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse>(Idp + "GetTokensFromRefreshToken", (s, r, ct) => s.GetTokensFromRefreshToken(r, ct)),
        Open<AuthService, RespondToAuthChallengeRequest, InitiateAuthResponse>(Idp + "RespondToAuthChallenge", (s, r, ct) => s.RespondToAuthChallenge(r, ct)),
        Signed<AuthService, AdminRespondToAuthChallengeRequest, InitiateAuthResponse>(Idp + "AdminRespondToAuthChallenge", (s, r, ct) => s.AdminRespondToAuthChallenge(r, ct)),

        // Multi-factor authentication
        Open<MfaService, SetUserMfaPreferenceRequest, Empty>(Idp + "SetUserMFAPreference", (s, r, ct) => s.SetUserMFAPreference(r, ct)),
        Signed<MfaService, AdminSetUserMfaPreferenceRequest, Empty>(Idp + "AdminSetUserMFAPreference", (s, r, ct) => s.AdminSetUserMFAPreference(r, ct)),
        Open<SoftwareTokenSetup, AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>(Idp + "AssociateSoftwareToken", (s, r, ct) => s.AssociateSoftwareToken(r, ct)),
        Open<SoftwareTokenSetup, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>(Idp + "VerifySoftwareToken", (s, r, ct) => s.VerifySoftwareToken(r, ct)),
        Open<UserSettings, SetUserSettingsRequest, Empty>(Idp + "SetUserSettings", (s, r, ct) => s.SetUserSettings(r, ct)),
        Signed<UserSettings, AdminSetUserSettingsRequest, Empty>(Idp + "AdminSetUserSettings", (s, r, ct) => s.AdminSetUserSettings(r, ct)),

        // Remembered devices
        Open<DeviceService, ConfirmDeviceRequest, ConfirmDeviceResponse>(Idp + "ConfirmDevice", (s, r, ct) => s.ConfirmDevice(r, ct)),
        Open<DeviceService, DeviceKeyRequest, GetDeviceResponse>(Idp + "GetDevice", (s, r, ct) => s.GetDevice(r, ct)),
        Open<DeviceService, ListDevicesRequest, ListDevicesResponse>(Idp + "ListDevices", (s, r, ct) => s.ListDevices(r, ct)),
        Open<DeviceService, UpdateDeviceStatusRequest, Empty>(Idp + "UpdateDeviceStatus", (s, r, ct) => s.UpdateDeviceStatus(r, ct)),
        Open<DeviceService, DeviceKeyRequest, Empty>(Idp + "ForgetDevice", (s, r, ct) => s.ForgetDevice(r, ct)),
        Signed<DeviceService, AdminDeviceRequest, GetDeviceResponse>(Idp + "AdminGetDevice", (s, r, ct) => s.AdminGetDevice(r, ct)),
        Signed<DeviceService, AdminListDevicesRequest, ListDevicesResponse>(Idp + "AdminListDevices", (s, r, ct) => s.AdminListDevices(r, ct)),
        Signed<DeviceService, AdminUpdateDeviceStatusRequest, Empty>(Idp + "AdminUpdateDeviceStatus", (s, r, ct) => s.AdminUpdateDeviceStatus(r, ct)),
        Signed<DeviceService, AdminDeviceRequest, Empty>(Idp + "AdminForgetDevice", (s, r, ct) => s.AdminForgetDevice(r, ct)),
        // Passkeys (WebAuthn)
        Open<PasskeyService, AccessTokenRequest, StartWebAuthnRegistrationResponse>(Idp + "StartWebAuthnRegistration", (s, r, ct) => s.StartWebAuthnRegistration(r, ct)),
        Open<PasskeyService, CompleteWebAuthnRegistrationRequest, Empty>(Idp + "CompleteWebAuthnRegistration", (s, r, ct) => s.CompleteWebAuthnRegistration(r, ct)),
        Open<PasskeyService, ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse>(Idp + "ListWebAuthnCredentials", (s, r, ct) => s.ListWebAuthnCredentials(r, ct)),
        Open<PasskeyService, DeleteWebAuthnCredentialRequest, Empty>(Idp + "DeleteWebAuthnCredential", (s, r, ct) => s.DeleteWebAuthnCredential(r, ct)),
        Open<UserAuthFactors, AccessTokenRequest, GetUserAuthFactorsResponse>(Idp + "GetUserAuthFactors", (s, r, ct) => s.GetUserAuthFactors(r, ct)),

        // Admin user management
        Signed<AdminUserService, AdminCreateUserRequest, AdminCreateUserResponse>(Idp + "AdminCreateUser", (s, r, ct) => s.AdminCreateUser(r, ct)),
        Signed<AdminUserService, AdminUserRequest, AdminGetUserResponse>(Idp + "AdminGetUser", (s, r, ct) => s.AdminGetUser(r, ct)),
        Signed<AdminUserService, AdminUpdateUserAttributesRequest, Empty>(Idp + "AdminUpdateUserAttributes", (s, r, ct) => s.AdminUpdateUserAttributes(r, ct)),
        Signed<AdminUserService, AdminDeleteUserAttributesRequest, Empty>(Idp + "AdminDeleteUserAttributes", (s, r, ct) => s.AdminDeleteUserAttributes(r, ct)),
        Signed<AdminUserService, AdminUserRequest, Empty>(Idp + "AdminDisableUser", (s, r, ct) => s.AdminDisableUser(r, ct)),
        Signed<AdminUserService, AdminUserRequest, Empty>(Idp + "AdminEnableUser", (s, r, ct) => s.AdminEnableUser(r, ct)),
        Signed<AdminUserService, AdminSetUserPasswordRequest, Empty>(Idp + "AdminSetUserPassword", (s, r, ct) => s.AdminSetUserPassword(r, ct)),
        Signed<AdminUserService, AdminUserRequest, Empty>(Idp + "AdminResetUserPassword", (s, r, ct) => s.AdminResetUserPassword(r, ct)),
        Signed<AdminUserService, AdminUserRequest, Empty>(Idp + "AdminDeleteUser", (s, r, ct) => s.AdminDeleteUser(r, ct)),
        Signed<AdminUserService, ListUsersRequest, ListUsersResponse>(Idp + "ListUsers", (s, r, ct) => s.ListUsers(r, ct)),

        // Self-service account operations
        Open<AccountService, AccessTokenRequest, GetUserResponse>(Idp + "GetUser", (s, r, ct) => s.GetUser(r, ct)),
        Open<AccountService, UpdateUserAttributesRequest, UpdateUserAttributesResponse>(Idp + "UpdateUserAttributes", (s, r, ct) => s.UpdateUserAttributes(r, ct)),
        Open<AccountService, DeleteUserAttributesRequest, Empty>(Idp + "DeleteUserAttributes", (s, r, ct) => s.DeleteUserAttributes(r, ct)),
        Open<AccountService, GetUserAttributeVerificationCodeRequest, CodeDeliveryResponse>(Idp + "GetUserAttributeVerificationCode", (s, r, ct) => s.GetUserAttributeVerificationCode(r, ct)),
        Open<AccountService, VerifyUserAttributeRequest, Empty>(Idp + "VerifyUserAttribute", (s, r, ct) => s.VerifyUserAttribute(r, ct)),
        Open<AccountService, ChangePasswordRequest, Empty>(Idp + "ChangePassword", (s, r, ct) => s.ChangePassword(r, ct)),
        Open<AccountService, ForgotPasswordRequest, CodeDeliveryResponse>(Idp + "ForgotPassword", (s, r, ct) => s.ForgotPassword(r, ct)),
        Open<AccountService, ConfirmForgotPasswordRequest, Empty>(Idp + "ConfirmForgotPassword", (s, r, ct) => s.ConfirmForgotPassword(r, ct)),
        Open<AccountService, AccessTokenRequest, Empty>(Idp + "DeleteUser", (s, r, ct) => s.DeleteUser(r, ct)),

        // Groups
        Signed<GroupService, CreateGroupRequest, GroupResponse>(Idp + "CreateGroup", (s, r, ct) => s.CreateGroup(r, ct)),
        Signed<GroupService, GroupRequest, GroupResponse>(Idp + "GetGroup", (s, r, ct) => s.GetGroup(r, ct)),
        Signed<GroupService, CreateGroupRequest, GroupResponse>(Idp + "UpdateGroup", (s, r, ct) => s.UpdateGroup(r, ct)),
        Signed<GroupService, GroupRequest, Empty>(Idp + "DeleteGroup", (s, r, ct) => s.DeleteGroup(r, ct)),
        Signed<GroupService, ListGroupsRequest, ListGroupsResponse>(Idp + "ListGroups", (s, r, ct) => s.ListGroups(r, ct)),
        Signed<GroupService, AdminGroupMembershipRequest, Empty>(Idp + "AdminAddUserToGroup", (s, r, ct) => s.AdminAddUserToGroup(r, ct)),
        Signed<GroupService, AdminGroupMembershipRequest, Empty>(Idp + "AdminRemoveUserFromGroup", (s, r, ct) => s.AdminRemoveUserFromGroup(r, ct)),
        Signed<GroupService, AdminListGroupsForUserRequest, ListGroupsResponse>(Idp + "AdminListGroupsForUser", (s, r, ct) => s.AdminListGroupsForUser(r, ct)),
        Signed<GroupService, ListUsersInGroupRequest, ListUsersInGroupResponse>(Idp + "ListUsersInGroup", (s, r, ct) => s.ListUsersInGroup(r, ct)),

        // Threat protection: risk configuration and the users' auth events
        Signed<RiskConfigurations, SetRiskConfigurationRequest, RiskConfigurationResponse>(Idp + "SetRiskConfiguration", (s, r, ct) => s.SetRiskConfiguration(r, ct)),
        Signed<RiskConfigurations, DescribeRiskConfigurationRequest, RiskConfigurationResponse>(Idp + "DescribeRiskConfiguration", (s, r, ct) => s.DescribeRiskConfiguration(r, ct)),
        Signed<UserAuthEvents, AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse>(Idp + "AdminListUserAuthEvents", (s, r, ct) => s.AdminListUserAuthEvents(r, ct)),
        Open<UserAuthEvents, UpdateAuthEventFeedbackRequest, Empty>(Idp + "UpdateAuthEventFeedback", (s, r, ct) => s.UpdateAuthEventFeedback(r, ct)),
        Signed<UserAuthEvents, AdminUpdateAuthEventFeedbackRequest, Empty>(Idp + "AdminUpdateAuthEventFeedback", (s, r, ct) => s.AdminUpdateAuthEventFeedback(r, ct)),
        // User import jobs
        Signed<UserImportJobs, GetCSVHeaderRequest, GetCSVHeaderResponse>(Idp + "GetCSVHeader", (s, r, ct) => s.GetCSVHeader(r, ct)),
        Signed<UserImportJobs, CreateUserImportJobRequest, UserImportJobResponse>(Idp + "CreateUserImportJob", (s, r, ct) => s.CreateUserImportJob(r, ct)),
        Signed<UserImportJobs, UserImportJobRequest, UserImportJobResponse>(Idp + "StartUserImportJob", (s, r, ct) => s.StartUserImportJob(r, ct)),
        Signed<UserImportJobs, UserImportJobRequest, UserImportJobResponse>(Idp + "DescribeUserImportJob", (s, r, ct) => s.DescribeUserImportJob(r, ct)),
        Signed<UserImportJobs, ListUserImportJobsRequest, ListUserImportJobsResponse>(Idp + "ListUserImportJobs", (s, r, ct) => s.ListUserImportJobs(r, ct)),
        Signed<UserImportJobs, UserImportJobRequest, UserImportJobResponse>(Idp + "StopUserImportJob", (s, r, ct) => s.StopUserImportJob(r, ct)),

        // Federation: external identity providers
        Signed<SamlSigningCertificates, GetSigningCertificateRequest, GetSigningCertificateResponse>(Idp + "GetSigningCertificate", (s, r, ct) => s.GetSigningCertificate(r, ct)),

        // Identity pools (cognito-identity)
        Signed<IdentityPoolService, CreateIdentityPoolRequest, IdentityPoolResponse>(Identity + "CreateIdentityPool", (s, r, ct) => s.CreateIdentityPool(r, ct)),
        Signed<IdentityPoolService, IdentityPoolIdRequest, IdentityPoolResponse>(Identity + "DescribeIdentityPool", (s, r, ct) => s.DescribeIdentityPool(r, ct)),
        Signed<IdentityPoolService, UpdateIdentityPoolRequest, IdentityPoolResponse>(Identity + "UpdateIdentityPool", (s, r, ct) => s.UpdateIdentityPool(r, ct)),
        Signed<IdentityPoolService, IdentityPoolIdRequest, Empty>(Identity + "DeleteIdentityPool", (s, r, ct) => s.DeleteIdentityPool(r, ct)),
        Signed<IdentityPoolService, ListIdentityPoolsRequest, ListIdentityPoolsResponse>(Identity + "ListIdentityPools", (s, r, ct) => s.ListIdentityPools(r, ct)),
        Signed<IdentityPoolService, SetIdentityPoolRolesRequest, Empty>(Identity + "SetIdentityPoolRoles", (s, r, ct) => s.SetIdentityPoolRoles(r, ct)),
        Signed<IdentityPoolService, IdentityPoolIdRequest, GetIdentityPoolRolesResponse>(Identity + "GetIdentityPoolRoles", (s, r, ct) => s.GetIdentityPoolRoles(r, ct)),
        Signed<IdentityPoolService, SetPrincipalTagAttributeMapRequest, PrincipalTagAttributeMapResponse>(Identity + "SetPrincipalTagAttributeMap", (s, r, ct) => s.SetPrincipalTagAttributeMap(r, ct)),
        Signed<IdentityPoolService, PrincipalTagAttributeMapRequest, PrincipalTagAttributeMapResponse>(Identity + "GetPrincipalTagAttributeMap", (s, r, ct) => s.GetPrincipalTagAttributeMap(r, ct)),
        Signed<IdentityPoolService, TagIdentityPoolRequest, Empty>(Identity + "TagResource", (s, r, ct) => s.TagResource(r, ct)),
        Signed<IdentityPoolService, UntagIdentityPoolRequest, Empty>(Identity + "UntagResource", (s, r, ct) => s.UntagResource(r, ct)),
        Signed<IdentityPoolService, IdentityResourceArnRequest, IdentityPoolTagsResponse>(Identity + "ListTagsForResource", (s, r, ct) => s.ListTagsForResource(r, ct)),

        // Identities and their credentials
        Open<IdentityService, GetIdRequest, GetIdResponse>(Identity + "GetId", (s, r, ct) => s.GetId(r, ct)),
        Open<IdentityService, GetCredentialsForIdentityRequest, GetCredentialsForIdentityResponse>(Identity + "GetCredentialsForIdentity", (s, r, ct) => s.GetCredentialsForIdentity(r, ct)),
        Open<IdentityService, GetOpenIdTokenRequest, OpenIdTokenResponse>(Identity + "GetOpenIdToken", (s, r, ct) => s.GetOpenIdToken(r, ct)),
        Open<IdentityService, UnlinkIdentityRequest, Empty>(Identity + "UnlinkIdentity", (s, r, ct) => s.UnlinkIdentity(r, ct)),
        Signed<IdentityService, GetOpenIdTokenForDeveloperIdentityRequest, OpenIdTokenResponse>(Identity + "GetOpenIdTokenForDeveloperIdentity", (s, r, ct) => s.GetOpenIdTokenForDeveloperIdentity(r, ct)),
        Signed<IdentityService, LookupDeveloperIdentityRequest, LookupDeveloperIdentityResponse>(Identity + "LookupDeveloperIdentity", (s, r, ct) => s.LookupDeveloperIdentity(r, ct)),
        Signed<IdentityService, MergeDeveloperIdentitiesRequest, GetIdResponse>(Identity + "MergeDeveloperIdentities", (s, r, ct) => s.MergeDeveloperIdentities(r, ct)),
        Signed<IdentityService, UnlinkDeveloperIdentityRequest, Empty>(Identity + "UnlinkDeveloperIdentity", (s, r, ct) => s.UnlinkDeveloperIdentity(r, ct)),
        Signed<IdentityService, ListIdentitiesRequest, ListIdentitiesResponse>(Identity + "ListIdentities", (s, r, ct) => s.ListIdentities(r, ct)),
        Signed<IdentityService, IdentityIdRequest, IdentityDescription>(Identity + "DescribeIdentity", (s, r, ct) => s.DescribeIdentity(r, ct)),
        Signed<IdentityService, DeleteIdentitiesRequest, DeleteIdentitiesResponse>(Identity + "DeleteIdentities", (s, r, ct) => s.DeleteIdentities(r, ct)),
    }.ToDictionary(o => o.Target, StringComparer.Ordinal);
}
