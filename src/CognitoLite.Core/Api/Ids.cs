using System.Security.Cryptography;

namespace CognitoLite.Core.Api;

/// <summary>Identifiers in AWS's shapes, so that client-side validators accept them (spec/user-pools.md §2).</summary>
public static class Ids
{
    public const string UserPoolIdPattern = @"[\w-]+_[0-9a-zA-Z]+";
    public const string ClientIdPattern = @"[\w+]+";
    public const string NamePattern = @"[\w\s+=,.@-]+";
    public const string ArnPattern = @"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?";
    public const string TokenPattern = @"[\S]+";

    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewUserPoolId(string region) => $"{region}_{RandomNumberGenerator.GetString(Alnum, 9)}";
    public static string NewClientId() => RandomNumberGenerator.GetString(LowerAlnum, 26);
    public static string NewClientSecret() => RandomNumberGenerator.GetString(LowerAlnum, 51);

    /// <summary>A pool's ARN names the region its id starts with (`us-west-2_…`, `us-west-2:…`), where it was created.</summary>
    public static string UserPoolArn(CognitoOptions options, string userPoolId) =>
        $"arn:aws:cognito-idp:{RegionOf(userPoolId)}:{options.AccountId}:userpool/{userPoolId}";

    /// <summary>The region prefix of a user pool id (`us-west-2_AbC`) or an identity pool or identity id (`us-west-2:uuid`).</summary>
    public static string RegionOf(string id) => id[..Math.Max(0, id.IndexOfAny(['_', ':']))];
}
