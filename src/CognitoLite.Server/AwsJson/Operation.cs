namespace CognitoLite.Server.AwsJson;

/// <summary>One row of the operation table: an X-Amz-Target, its request shape and the Core method behind it.</summary>
internal sealed record Operation(
    string Target,
    Type RequestType,
    bool Unsigned,
    Func<IServiceProvider, object, CancellationToken, Task<object>> Invoke)
{
    public string Name => Target[(Target.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>The signing name of the service the operation belongs to.</summary>
    public string Service => Target.StartsWith("AWSCognitoIdentityService.", StringComparison.Ordinal) ? "cognito-identity" : "cognito-idp";

    public static Operation Signed<TService, TRequest, TResponse>(string target, Func<TService, TRequest, CancellationToken, Task<TResponse>> method)
        where TService : notnull where TRequest : class where TResponse : class =>
        new(target, typeof(TRequest), Unsigned: false, async (services, request, ct) =>
            await method(services.GetRequiredService<TService>(), (TRequest)request, ct));

    public static Operation Open<TService, TRequest, TResponse>(string target, Func<TService, TRequest, CancellationToken, Task<TResponse>> method)
        where TService : notnull where TRequest : class where TResponse : class =>
        new(target, typeof(TRequest), Unsigned: true, async (services, request, ct) =>
            await method(services.GetRequiredService<TService>(), (TRequest)request, ct));
}
