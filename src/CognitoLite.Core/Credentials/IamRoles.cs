using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CognitoLite.Core.Credentials;

/// <summary>
/// A role as configured (CognitoLite:Roles) or seeded: its permission policies, its trust policy, the longest session it
/// allows. Each policy is the JSON document itself or the path of a file holding it.
/// </summary>
public sealed class RoleOptions
{
    public string RoleArn { get; set; } = "";
    public List<string> Policies { get; set; } = [];
    public string? TrustPolicy { get; set; }
    /// <summary>IAM's MaxSessionDuration: 3600 (IAM's default) to 43200 seconds.</summary>
    public int MaxSessionDuration { get; set; } = 3600;
}

/// <summary>An IAM role as STS and policy decisions see it.</summary>
public sealed record IamRole(
    string Arn,
    string Account,
    string Name,
    IReadOnlyList<Policy> Policies,
    Policy? TrustPolicy,
    TimeSpan MaxSessionDuration)
{
    /// <summary>
    /// IAM's unique id of the role (`AROA` + 17, as AWS's are 21 characters), derived from the ARN so that every replica
    /// and every restart gives the same one.
    /// </summary>
    public string UniqueId { get; } = "AROA" + Base32(SHA256.HashData(Encoding.UTF8.GetBytes(Arn)))[..17];

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var builder = new StringBuilder();
        for (var bit = 0; bit + 5 <= bytes.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++) value = (value << 1) | ((bytes[(bit + i) / 8] >> (7 - ((bit + i) % 8))) & 1);
            builder.Append(alphabet[value]);
        }
        return builder.ToString();
    }
}

/// <summary>
/// The roles the server knows policies for: from configuration (checked at start-up) and from the seed file. A role ARN
/// that is not declared is still a role (identity pools name roles freely): it has no trust policy, so anyone the web
/// identity checks let in may assume it, and no permissions, so every policy decision for it is a deny.
/// </summary>
public sealed partial class IamRoles
{
    private readonly ConcurrentDictionary<string, IamRole> _roles = new(StringComparer.Ordinal);

    public IamRoles(CognitoOptions options)
    {
        foreach (var role in Load(options.Roles, "CognitoLite:Roles")) _roles[role.Arn] = role;
    }

    /// <summary>The declared role, or an undeclared one with IAM's defaults; null when the ARN is not a role ARN.</summary>
    public IamRole? Find(string roleArn)
    {
        if (_roles.TryGetValue(roleArn, out var role)) return role;
        return Parse(roleArn) is var (account, name) ? new IamRole(roleArn, account, name, [], null, TimeSpan.FromHours(1)) : null;
    }

    /// <summary>Declares (or redeclares) a role; the seed file's roles come this way.</summary>
    public void Declare(IamRole role) => _roles[role.Arn] = role;

    /// <summary>Reads and checks role declarations; a problem is an InvalidOperationException naming the entry.</summary>
    public static List<IamRole> Load(IEnumerable<RoleOptions> roles, string where) =>
        roles.Select((role, i) => Load(role, $"{where}:{i.ToString(CultureInfo.InvariantCulture)}")).ToList();

    public static IamRole Load(RoleOptions role, string where)
    {
        if (Parse(role.RoleArn) is not var (account, name))
            throw new InvalidOperationException($"{where}: RoleArn '{role.RoleArn}' is not an IAM role ARN (arn:aws:iam::123456789012:role/Name).");
        if (role.MaxSessionDuration is < 3600 or > 43200)
            throw new InvalidOperationException($"{where} ({role.RoleArn}): MaxSessionDuration must be between 3600 and 43200 seconds.");
        try
        {
            var policies = role.Policies.Select((source, i) => Read(source, $"{name}-{i.ToString(CultureInfo.InvariantCulture)}", PolicyKind.Identity)).ToList();
            var trust = role.TrustPolicy is { } trustSource ? Read(trustSource, $"{name}-trust", PolicyKind.Trust) : null;
            return new IamRole(role.RoleArn, account, name, policies, trust, TimeSpan.FromSeconds(role.MaxSessionDuration));
        }
        catch (CognitoException malformed)
        {
            throw new InvalidOperationException($"{where} ({role.RoleArn}): {malformed.Type}: {malformed.Message}", malformed);
        }
        catch (IOException unreadable)
        {
            throw new InvalidOperationException($"{where} ({role.RoleArn}): {unreadable.Message}", unreadable);
        }
    }

    /// <summary>The role ARN's account and role name (the last segment of its path), or null if it is not a role ARN.</summary>
    public static (string Account, string Name)? Parse(string roleArn)
    {
        var match = RoleArnPattern().Match(roleArn);
        return match.Success && roleArn.Length <= 2048 ? (match.Groups["account"].Value, match.Groups["name"].Value) : null;
    }

    // A policy is given inline (JSON text) or as a file path; a file's policy is named after the file.
    private static Policy Read(string source, string inlineName, PolicyKind kind)
    {
        var trimmed = source.TrimStart();
        if (trimmed.StartsWith('{')) return Policy.Parse(trimmed, inlineName, kind);
        return Policy.Parse(File.ReadAllText(source), Path.GetFileNameWithoutExtension(source), kind);
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::(?<account>[0-9]{12}):role/(?:[A-Za-z0-9_+=,.@-]+/)*(?<name>[A-Za-z0-9_+=,.@-]{1,64})$")]
    private static partial Regex RoleArnPattern();
}
