using System.Security.Cryptography;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Startup;

/// <summary>CognitoLite:Cors:AllowedOrigins: any origin by default in development mode, none by default in production mode.</summary>
public sealed class CorsOriginsTests
{
    private const string Origin = "http://localhost:5173";

    [Theory]
    [InlineData("development", null, "*")]
    [InlineData("production", null, null)]
    [InlineData("production", "*", "*")]
    [InlineData("production", Origin, Origin)]
    [InlineData("development", "https://app.example.com", null)]
    public async Task A_preflight_is_allowed_from_the_configured_origins(string mode, string? allowed, string? expected)
    {
        var settings = new Dictionary<string, string?> { ["CognitoLite:Mode"] = mode };
        if (mode == "production")
        {
            settings["CognitoLite:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            settings["CognitoLite:AdminCredentials:0:AccessKeyId"] = "AKIACORSTEST00000001";
            settings["CognitoLite:AdminCredentials:0:SecretAccessKey"] = "secret";
        }
        if (allowed is not null) settings["CognitoLite:Cors:AllowedOrigins:0"] = allowed;
        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(CorsOriginsTests), settings);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-amz-target");

        using var response = await host.CreateClient().SendAsync(preflight);

        Assert.Equal(expected, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
    }

    [Fact]
    public void An_allowed_origin_with_a_path_fails_validation_naming_the_setting()
    {
        var options = new Core.CognitoOptions { Cors = { AllowedOrigins = ["https://app.example.com/login"] } };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("CognitoLite:Cors:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }
}
