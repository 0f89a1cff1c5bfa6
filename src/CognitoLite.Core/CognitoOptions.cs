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

    /// <summary>
    /// Scheme, host and port that token issuers are built on (`{PublicBaseUrl}/{userPoolId}`). Unset: the
    /// URL the client used. Set it behind a proxy so that every replica issues the same `iss`.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>"local" (default: issuer on our own URL) or "aws" (`https://cognito-idp.{region}.amazonaws.com/{poolId}`).</summary>
    public string IssuerStyle { get; set; } = "local";

    /// <summary>bcrypt work factor for new password hashes; weaker hashes are redone at the next successful sign-in.
    /// Values below 10 are meant for test fixtures only and are refused in production mode.</summary>
    public int PasswordHashCost { get; set; } = 10;

    /// <summary>A JSON file of pools, clients, groups and users created at start-up when missing (development mode only).</summary>
    public string? SeedFile { get; set; }

    /// <summary>IAM roles with the policies that STS trust checks and policy decisions evaluate (README: "Roles and policy decisions").</summary>
    public List<Credentials.RoleOptions> Roles { get; set; } = [];
    /// <summary>External OpenID Connect providers whose ID tokens identity pools (and STS) accept, each by issuer and keys.</summary>
    public List<OidcProviderOptions> OidcProviders { get; set; } = [];

    /// <summary>
    /// Per social provider type (Google, Facebook, LoginWithAmazon, SignInWithApple), ProviderDetails values that replace
    /// Cognito's well-known ones when a provider is created or updated (`Federation:Google:token_url`), so that a local
    /// stand-in can play the provider. Details the caller gives win over these.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Federation { get; set; } = new(StringComparer.Ordinal);

    public LockoutOptions Lockout { get; set; } = new();
    public CodeOptions Codes { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();
    public CorsSettings Cors { get; set; } = new();
    public LambdaOptions Lambda { get; set; } = new();
    public Security.SecurityOptions Security { get; set; } = new();
    public ImportOptions Import { get; set; } = new();
    public LogDeliveryOptions LogDelivery { get; set; } = new();
    public HousekeepingOptions Housekeeping { get; set; } = new();

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
        if (PasswordHashCost is < 4 or > 31)
            throw new InvalidOperationException("CognitoLite:PasswordHashCost must be between 4 and 31.");
        if (Production && PasswordHashCost < 10)
            throw new InvalidOperationException("CognitoLite:PasswordHashCost below 10 is for test fixtures; production mode needs 10 or more.");
        if (Production && SeedFile is not null)
            throw new InvalidOperationException("The seed file is a development-mode feature; production mode does not load it.");
        if (IssuerStyle is not ("local" or "aws"))
            throw new InvalidOperationException("CognitoLite:IssuerStyle must be 'local' or 'aws'.");
        if (PublicBaseUrl is not null && !Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"CognitoLite:PublicBaseUrl '{PublicBaseUrl}' is not an absolute URL.");
        foreach (var provider in OidcProviders) provider.Validate();
        foreach (var credential in AdminCredentials)
            if (string.IsNullOrEmpty(credential.AccessKeyId) || string.IsNullOrEmpty(credential.SecretAccessKey))
                throw new InvalidOperationException("Every CognitoLite:AdminCredentials entry needs AccessKeyId and SecretAccessKey.");
        foreach (var origin in Cors.AllowedOrigins)
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && !origin.EndsWith('/')))
                throw new InvalidOperationException($"CognitoLite:Cors:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], no path) nor '*'.");
        global::CognitoLite.Core.Federation.ProviderDetails.CheckOverrides(Federation, Production);
        Credentials.IamRoles.Load(Roles, "CognitoLite:Roles");
        Lambda.Validate();
        Security.Validate();
        Import.Validate();
        Housekeeping.Validate();
    }

    /// <summary>Creates DataDir when missing; a path that cannot be a folder here is a setting to change, said as such.</summary>
    public string CreateDataDir()
    {
        try
        {
            return Directory.CreateDirectory(DataDir).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataDirUnusable(e);
        }
    }

    public InvalidOperationException DataDirUnusable(Exception e) =>
        new($"CognitoLite:DataDir '{DataDir}' (--data-dir) is not a folder this user can write: {e.Message}", e);
}

/// <summary>
/// An OpenID Connect provider we trust: its `iss` and where its signing keys are (a JWKS file, so it works offline, or the
/// provider's JWKS URL). Identity pools name it by the issuer without scheme (`accounts.google.com`, `login.example.com/realm`).
/// </summary>
public sealed class OidcProviderOptions
{
    public string Issuer { get; set; } = "";
    public string? JwksFile { get; set; }
    public string? JwksUrl { get; set; }
    /// <summary>Audiences (client ids) accepted from this provider; empty: the identity pool's configuration decides.</summary>
    public List<string> ClientIds { get; set; } = [];

    /// <summary>The identity pool login key: the issuer without its scheme or trailing slash.</summary>
    public string LoginKey
    {
        get
        {
            var trimmed = Issuer.TrimEnd('/');
            var scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
            return scheme >= 0 ? trimmed[(scheme + 3)..] : trimmed;
        }
    }

    internal void Validate()
    {
        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"CognitoLite:OidcProviders: Issuer '{Issuer}' is not an absolute http(s) URL.");
        if ((JwksFile is null) == (JwksUrl is null))
            throw new InvalidOperationException($"CognitoLite:OidcProviders: provider {Issuer} needs exactly one of JwksFile or JwksUrl.");
        if (JwksUrl is not null && (!Uri.TryCreate(JwksUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
            throw new InvalidOperationException($"CognitoLite:OidcProviders: JwksUrl '{JwksUrl}' of {Issuer} is not an absolute http(s) URL.");
        if (JwksFile is not null)
        {
            try
            {
                if (Tokens.Jwks.Parse(File.ReadAllText(JwksFile)).Count == 0)
                    throw new InvalidOperationException("it holds no RSA signing key");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Text.Json.JsonException)
            {
                throw new InvalidOperationException($"CognitoLite:OidcProviders: JwksFile '{JwksFile}' of {Issuer} cannot be used: {e.Message}", e);
            }
        }
    }
}

public sealed class AdminCredential
{
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
}

/// <summary>Cognito's lockout: after MaxFailedAttempts, sign-in is refused for a window that starts at
/// FirstLockout and doubles with every further failure, up to MaxLockout.</summary>
public sealed class LockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class CodeOptions
{
    public TimeSpan SignUpValidity { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ForgotPasswordValidity { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan AttributeVerificationValidity { get; set; } = TimeSpan.FromHours(24);
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// Which browser origins may call (CORS). Empty: any origin in development mode, none in production mode; `*` allows any.
/// </summary>
public sealed class CorsSettings
{
    public List<string> AllowedOrigins { get; set; } = [];

    public bool AllowsAnyOrigin(bool production) => AllowedOrigins.Contains("*") || (AllowedOrigins.Count == 0 && !production);
}

/// <summary>
/// Where user pool triggers run: functions of a server speaking the Lambda Invoke API (`sam local start-lambda`,
/// LocalStack, AWS Lambda), called by the ARN in the pool's LambdaConfig and SigV4-signed with these credentials, or a
/// webhook per function. A function with neither cannot be invoked (UnexpectedLambdaException, as a missing function).
/// </summary>
public sealed class LambdaOptions
{
    /// <summary>Base URL of the Lambda Invoke API, e.g. `http://127.0.0.1:3001` or `https://lambda.us-east-1.amazonaws.com`.</summary>
    public string? Endpoint { get; set; }
    public string AccessKeyId { get; set; } = "test";
    public string SecretAccessKey { get; set; } = "test";
    /// <summary>Function name or ARN → URL that receives the event as a JSON POST; used instead of the Endpoint for that function.</summary>
    public Dictionary<string, string> Functions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>How long one attempt waits for the function: Cognito's 5 seconds. Lower only for tests.</summary>
    public int TimeoutMilliseconds { get; set; } = 5000;

    internal void Validate()
    {
        if (Endpoint is not null && !IsHttpUrl(Endpoint))
            throw new InvalidOperationException($"CognitoLite:Lambda:Endpoint '{Endpoint}' is not an absolute http(s) URL.");
        foreach (var (function, url) in Functions)
            if (!IsHttpUrl(url))
                throw new InvalidOperationException($"CognitoLite:Lambda:Functions:{function}: '{url}' is not an absolute http(s) URL.");
        if (string.IsNullOrEmpty(AccessKeyId) || string.IsNullOrEmpty(SecretAccessKey))
            throw new InvalidOperationException("CognitoLite:Lambda:AccessKeyId and SecretAccessKey must not be empty.");
        if (TimeoutMilliseconds is < 1 or > 900_000)
            throw new InvalidOperationException("CognitoLite:Lambda:TimeoutMilliseconds must be between 1 and 900000.");
    }

    private static bool IsHttpUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>Email delivery; when Host is unset, messages only go to the log and the outbox.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "no-reply@cognitolite.local";
    /// <summary>"auto" (STARTTLS when offered), "starttls", "tls" (implicit) or "none".</summary>
    public string Security { get; set; } = "auto";
}

/// <summary>User import jobs (CreateUserImportJob): the CSV upload and the runner that imports it.</summary>
public sealed class ImportOptions
{
    /// <summary>The largest CSV the upload URL accepts: AWS's 100 MB.</summary>
    public long MaxCsvBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Whether this process runs import jobs; a replica that only serves the API may leave them to the others.</summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>How often a runner looks for jobs started on another replica (a job started here is run at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (MaxCsvBytes < 1)
            throw new InvalidOperationException("CognitoLite:Import:MaxCsvBytes must be at least 1.");
        if (PollInterval <= TimeSpan.Zero)
            throw new InvalidOperationException("CognitoLite:Import:PollInterval must be positive.");
    }
}

/// <summary>
/// The deletion of expired rows (Storage/Housekeeping.cs): sessions, codes and tokens past their expiry, which would
/// otherwise stay in the database for good. Each replica runs it at start and then every Interval.
/// </summary>
public sealed class HousekeepingOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    internal void Validate()
    {
        if (Interval <= TimeSpan.Zero || Interval > TimeSpan.FromDays(1))
            throw new InvalidOperationException("CognitoLite:Housekeeping:Interval must be positive and at most a day (24:00:00).");
    }
}

/// <summary>
/// Where SetLogDeliveryConfiguration's destinations write locally: each CloudWatch log group, S3 bucket or Firehose stream
/// is a JSON-lines file under this folder (README "Log delivery"), or every destination is standard output.
/// </summary>
public sealed class LogDeliveryOptions
{
    public const string StandardOutput = "stdout";

    /// <summary>A folder, or "stdout"; unset: `&lt;DataDir&gt;/log-delivery`.</summary>
    public string? Destination { get; set; }
}
