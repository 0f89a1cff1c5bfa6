using System.Security.Cryptography;
using CognitoLite.Core;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Credentials;

/// <summary>Production mode refuses to start without what it needs to protect secrets and to check admin signatures.</summary>
public sealed class ProductionModeOptionsTests
{
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Production_without_EncryptionKey_fails_validation_naming_the_setting()
    {
        var options = Production(encryptionKey: null);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("CognitoLite:EncryptionKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_AdminCredentials_fails_validation_naming_the_setting()
    {
        var options = Production(credentials: []);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("CognitoLite:AdminCredentials", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "secret")]
    [InlineData("AKIAKEY", "")]
    public void Admin_credential_without_key_or_secret_fails_validation(string accessKeyId, string secret)
    {
        var options = Production(credentials: [new AdminCredential { AccessKeyId = accessKeyId, SecretAccessKey = secret }]);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("AccessKeyId and SecretAccessKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_with_key_and_credentials_validates()
    {
        Production().Validate();
    }

    [Fact]
    public void Development_needs_neither_key_nor_credentials()
    {
        new CognitoOptions().Validate();
    }

    [Fact]
    public void Production_host_without_EncryptionKey_fails_at_start_up_with_the_message()
    {
        var error = StartupError(new Dictionary<string, string?>
        {
            ["CognitoLite:Mode"] = "production",
            ["CognitoLite:AdminCredentials:0:AccessKeyId"] = "AKIAKEY",
            ["CognitoLite:AdminCredentials:0:SecretAccessKey"] = "secret",
        });

        Assert.Contains("Production mode needs CognitoLite:EncryptionKey", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_host_without_AdminCredentials_fails_at_start_up_with_the_message()
    {
        var error = StartupError(new Dictionary<string, string?>
        {
            ["CognitoLite:Mode"] = "production",
            ["CognitoLite:EncryptionKey"] = Key,
        });

        Assert.Contains("Production mode needs at least one CognitoLite:AdminCredentials entry", error, StringComparison.Ordinal);
    }

    private static CognitoOptions Production(string? encryptionKey = "", List<AdminCredential>? credentials = null) => new()
    {
        Mode = "production",
        EncryptionKey = encryptionKey == "" ? Key : encryptionKey,
        AdminCredentials = credentials ?? [new AdminCredential { AccessKeyId = "AKIAKEY", SecretAccessKey = "secret" }],
    };

    /// <summary>
    /// Starts the real host (SQLite, nothing to migrate first), expects it not to start, and returns what it said:
    /// the messages of the exception that stopped it and what it wrote to standard error (Program reports an invalid
    /// configuration there and exits with 1).
    /// </summary>
    private static string StartupError(Dictionary<string, string?> settings)
    {
        using var host = new CognitoHost(postgres: null, settings);
        var stderr = new StringWriter();
        Exception error;
        lock (ConsoleLock)
        {
            var original = Console.Error;
            Console.SetError(TextWriter.Synchronized(stderr));
            try
            {
                error = Assert.ThrowsAny<Exception>(() => host.Server);
            }
            finally
            {
                Console.SetError(original);
            }
        }
        var messages = new List<string> { stderr.ToString() };
        for (Exception? e = error; e is not null; e = e.InnerException) messages.Add(e.Message);
        return string.Join(" | ", messages);
    }

    private static readonly object ConsoleLock = new();
}
