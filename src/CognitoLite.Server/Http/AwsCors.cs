using CognitoLite.Core;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CognitoLite.Server.Http;

/// <summary>
/// Browser SDKs (amazon-cognito-identity-js, Amplify) call cross-origin with custom headers (spec/protocol.md §1), from the
/// origins CognitoLite:Cors:AllowedOrigins names (any by default in development mode, none in production mode).
/// </summary>
internal static class AwsCors
{
    public static Action<CorsPolicyBuilder> Policy(CognitoOptions options) => policy =>
    {
        if (options.Cors.AllowsAnyOrigin(options.Production)) policy.AllowAnyOrigin();
        else policy.WithOrigins([.. options.Cors.AllowedOrigins]);
        Allow(policy);
    };

    private static void Allow(CorsPolicyBuilder policy) => policy
        .WithMethods("GET", "POST", "OPTIONS")
        .WithHeaders("content-type", "x-amz-target", "x-amz-user-agent", "cache-control", "authorization", "x-amz-date",
            "x-amz-security-token", "amz-sdk-invocation-id", "amz-sdk-request", "x-amz-content-sha256")
        .WithExposedHeaders("x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "Date")
        .SetPreflightMaxAge(TimeSpan.FromHours(1));

}
