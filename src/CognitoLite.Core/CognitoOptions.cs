namespace CognitoLite.Core;

/// <summary>The one root of CognitoLite's settings (configuration section "CognitoLite").</summary>
public sealed class CognitoOptions
{
    public const string Section = "CognitoLite";

    /// <summary>"development" (default: admin calls need no signature, dev endpoints on) or "production".</summary>
    public string Mode { get; set; } = "development";
    public bool Production => string.Equals(Mode, "production", StringComparison.OrdinalIgnoreCase);

    /// <summary>Region used in new ids and ARNs.</summary>
    public string Region { get; set; } = "us-east-1";
    public string AccountId { get; set; } = "000000000000";

    /// <summary>Folder for the SQLite database and, in development mode, the generated master key.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Base64 of 32 bytes: encrypts secrets at rest. Required in production mode; in development it is generated in DataDir.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Key pairs whose SigV4 signatures admin operations accept in production mode.</summary>
    public List<AdminCredential> AdminCredentials { get; set; } = [];

    /// <summary>Largest clock difference accepted in a SigV4-signed request.</summary>
    public TimeSpan SignatureClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    public void Validate()
    {
        if (Mode is not ("development" or "production"))
            throw new InvalidOperationException($"CognitoLite:Mode must be 'development' or 'production', not '{Mode}'.");
        if (string.IsNullOrWhiteSpace(Region) || !System.Text.RegularExpressions.Regex.IsMatch(Region, "^[a-z]{2}(-[a-z]+)+-[0-9]+$"))
            throw new InvalidOperationException($"CognitoLite:Region '{Region}' does not look like an AWS region (e.g. us-east-1).");
        if (!System.Text.RegularExpressions.Regex.IsMatch(AccountId, "^[0-9]{12}$"))
            throw new InvalidOperationException("CognitoLite:AccountId must be 12 digits.");
        if (Production && string.IsNullOrEmpty(EncryptionKey))
            throw new InvalidOperationException("Production mode needs CognitoLite:EncryptionKey (base64 of 32 random bytes, e.g. `openssl rand -base64 32`).");
        if (Production && AdminCredentials.Count == 0)
            throw new InvalidOperationException("Production mode needs at least one CognitoLite:AdminCredentials entry (AccessKeyId and SecretAccessKey) to sign admin calls.");
        foreach (var credential in AdminCredentials)
            if (string.IsNullOrEmpty(credential.AccessKeyId) || string.IsNullOrEmpty(credential.SecretAccessKey))
                throw new InvalidOperationException("Every CognitoLite:AdminCredentials entry needs AccessKeyId and SecretAccessKey.");
    }
}

public sealed class AdminCredential
{
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
}
