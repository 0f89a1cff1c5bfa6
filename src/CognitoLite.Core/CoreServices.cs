using CognitoLite.Core.Auth;
using CognitoLite.Core.Credentials;
using CognitoLite.Core.Federation;
using CognitoLite.Core.Groups;
using CognitoLite.Core.IdentityPools;
using CognitoLite.Core.Import;
using CognitoLite.Core.Messages;
using CognitoLite.Core.Mfa;
using CognitoLite.Core.OAuth;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Seed;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Triggers;
using CognitoLite.Core.UserPools;
using CognitoLite.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CognitoLite.Core;

public static class CoreServices
{
    /// <summary>Everything the engine needs besides the DbContext (which the host picks per store).</summary>
    public static IServiceCollection AddCognitoCore(this IServiceCollection services, CognitoOptions options)
    {
        services.AddSingleton(options);
        // A host may bring its own clock (CognitoLite.Testing's, which tests move forward).
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new SecretProtector(SecretProtector.LoadKey(options)));
        services.AddSingleton<SigningKeyCache>();
        services.AddSingleton<VerifiedAccessTokens>();
        services.AddSingleton<IdentityKeyCache>();
        services.AddSingleton<IamRoles>();
        services.AddSingleton<UserPoolCache>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<Audit>();
        services.AddSingleton<LambdaInvoker>();
        services.AddSingleton<LambdaTriggers>();
        services.AddScoped<RequestContext>();
        services.AddScoped<Issuer>();
        services.AddScoped<SigningKeys>();
        services.AddScoped<TokenService>();
        services.AddScoped<Codes>();
        services.AddScoped<MessageSink>();
        services.AddScoped<ChallengeSessions>();
        services.AddScoped<Lockout>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserPoolService>();
        services.AddScoped<AppClientService>();
        services.AddScoped<ClientSecrets>();
        services.AddScoped<DomainService>();
        services.AddScoped<ResourceServerService>();
        services.AddScoped<IdentityProviderService>();
        services.AddScoped<TermsService>();
        services.AddScoped<BrandingService>();
        services.AddScoped<UserService>();
        services.AddScoped<AuthService>();
        services.AddScoped<OAuthService>();
        services.AddScoped<Authorization>();
        services.AddScoped<ManagedLogin>();
        services.AddScoped<FederatedUsers>();
        services.AddScoped<FederatedSignIn>();
        services.AddScoped<ProviderLinks>();
        services.AddSingleton<OidcUpstream>();
        services.AddScoped<PageLooks>();
        services.AddScoped<UserMessages>();
        services.AddScoped<UserMigration>();
        services.AddScoped<AdminUserService>();
        services.AddScoped<AccountService>();
        services.AddScoped<GroupService>();
        services.AddScoped<MfaChallenges>();
        services.AddScoped<CustomChallenges>();
        services.AddScoped<MfaService>();
        services.AddScoped<SoftwareTokenSetup>();
        services.AddScoped<SeedService>();
        services.AddScoped<OpenIdTokens>();
        services.AddScoped<TemporaryCredentials>();
        services.AddScoped<WebIdentities>();
        services.AddScoped<SecurityTokenService>();
        services.AddScoped<PolicyDecisions>();
        services.AddSingleton<OidcProviders>();
        services.AddScoped<LoginVerifier>();
        services.AddScoped<IdentityPoolService>();
        services.AddScoped<IdentityService>();
        services.AddScoped<SamlSigningCertificates>();
        services.AddScoped<SamlRequests>();
        services.AddScoped<SamlResponses>();
        services.AddScoped<UserImportJobs>();
        services.AddScoped<CsvUploads>();
        services.AddSingleton<ImportJobRunner>();
        services.AddScoped<UserSettings>();
        services.AddSingleton<UserPoolLogs>();
        services.AddScoped<LogDeliveryService>();
        return services;
    }
}
