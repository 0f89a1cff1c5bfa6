using System.Net;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.UserPools;

public sealed class BrandingTestsOnPostgres(PostgresHost fixture) : BrandingContract(fixture), IClassFixture<PostgresHost>;

public sealed class BrandingTestsOnSqlite(SqliteHost fixture) : BrandingContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Set/GetUICustomization (classic hosted UI) and the managed login branding operations.</summary>
public abstract class BrandingContract(HostFixture fixture)
{
    /// <summary>A 1×1 PNG.</summary>
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private AwsClient Aws { get; } = fixture.Host.Aws();

    [Fact]
    public async Task Pool_level_customization_is_ALL_and_a_client_falls_back_to_it_until_it_has_its_own()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();

        var set = (await Aws.Idp("SetUICustomization", new { UserPoolId = poolId, CSS = ".label-customizable { font-weight: 400; }", ImageFile = Png }))["UICustomization"]!;
        Expect.Contains($$"""{ "UserPoolId": "{{poolId}}", "ClientId": "ALL", "CSS": ".label-customizable { font-weight: 400; }" }""", set);
        Assert.EndsWith(".png", set["ImageUrl"].Str());
        Assert.NotNull(set["CSSVersion"]);
        Expect.IsEpochSeconds(set["CreationDate"]);
        Expect.IsEpochSeconds(set["LastModifiedDate"]);

        var fallback = (await Aws.Idp("GetUICustomization", new { UserPoolId = poolId, ClientId = clientId }))["UICustomization"]!;
        Assert.Equal("ALL", fallback["ClientId"].Str());

        await Aws.Idp("SetUICustomization", new { UserPoolId = poolId, ClientId = clientId, CSS = ".submitButton-customizable:hover { color: red; }" });
        var own = (await Aws.Idp("GetUICustomization", new { UserPoolId = poolId, ClientId = clientId }))["UICustomization"]!;
        Assert.Equal(clientId, own["ClientId"].Str());
        Assert.Null(own["ImageUrl"]);
    }

    [Theory]
    [InlineData("body { color: red; }")]
    [InlineData(".label-customizable, .evil { color: red; }")]
    [InlineData("@import url(https://evil.example.com/x.css);")]
    [InlineData(".label-customizable { color: red; ")]
    public async Task CSS_outside_the_allowed_classes_is_refused(string css)
    {
        var poolId = await Aws.CreatePool();
        await Expect.InvalidParameter(() => Aws.Idp("SetUICustomization", new { UserPoolId = poolId, CSS = css }));
    }

    [Fact]
    public async Task A_logo_that_is_not_PNG_or_JPEG_or_is_over_100_KB_is_refused()
    {
        var poolId = await Aws.CreatePool();
        await Expect.InvalidParameter(() => Aws.Idp("SetUICustomization", new { UserPoolId = poolId, ImageFile = Convert.ToBase64String("GIF89a"u8.ToArray()) }));
        var big = new byte[101 * 1024];
        Convert.FromBase64String(Png).CopyTo(big, 0);
        await Expect.InvalidParameter(() => Aws.Idp("SetUICustomization", new { UserPoolId = poolId, ImageFile = Convert.ToBase64String(big) }));
        await Expect.NotFound(() => Aws.Idp("GetUICustomization", new { UserPoolId = poolId, ClientId = "abcdefghijklmnopqrstuvwxyz" }));
    }

    [Fact]
    public async Task A_branding_style_is_created_described_updated_and_deleted_one_per_client()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();

        var created = (await Aws.Idp("CreateManagedLoginBranding", $$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{clientId}}",
              "Settings": { "components": { "pageBackground": { "lightMode": { "color": "ffffffff" } } } },
              "Assets": [ { "Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": "{{Png}}" } ] }
            """))["ManagedLoginBranding"]!;
        var id = created["ManagedLoginBrandingId"].Str();
        Expect.Contains($$"""
            { "UserPoolId": "{{poolId}}", "UseCognitoProvidedValues": false,
              "Settings": { "components": { "pageBackground": { "lightMode": { "color": "ffffffff" } } } },
              "Assets": [ { "Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": "{{Png}}" } ] }
            """, created);

        var byClient = (await Aws.Idp("DescribeManagedLoginBrandingByClient", new { UserPoolId = poolId, ClientId = clientId, ReturnMergedResources = true }))["ManagedLoginBranding"]!;
        Assert.Equal(id, byClient["ManagedLoginBrandingId"].Str());
        await Expect.Error("ManagedLoginBrandingExistsException", HttpStatusCode.BadRequest,
            () => Aws.Idp("CreateManagedLoginBranding", new { UserPoolId = poolId, ClientId = clientId, UseCognitoProvidedValues = true }));

        var updated = (await Aws.Idp("UpdateManagedLoginBranding", new { UserPoolId = poolId, ManagedLoginBrandingId = id, UseCognitoProvidedValues = true }))["ManagedLoginBranding"]!;
        Assert.True(updated["UseCognitoProvidedValues"]!.GetValue<bool>());
        Assert.Null(updated["Settings"]);
        Assert.Empty(updated["Assets"]!.AsArray());

        Assert.Equal("{}", (await Aws.Idp("DeleteManagedLoginBranding", new { UserPoolId = poolId, ManagedLoginBrandingId = id })).ToJsonString());
        await Expect.NotFound(() => Aws.Idp("DescribeManagedLoginBranding", new { UserPoolId = poolId, ManagedLoginBrandingId = id }));
        await Expect.NotFound(() => Aws.Idp("DescribeManagedLoginBrandingByClient", new { UserPoolId = poolId, ClientId = clientId }));
    }

    [Fact]
    public async Task UseCognitoProvidedValues_excludes_Settings_and_assets_follow_the_model()
    {
        var poolId = await Aws.CreatePool();
        var clientId = (await Aws.CreateClient(poolId))["ClientId"].Str();
        await Expect.InvalidParameter(() => Aws.Idp("CreateManagedLoginBranding", JsonNode.Parse($$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{clientId}}", "UseCognitoProvidedValues": true, "Settings": { "a": 1 } }
            """)!.ToJsonString()));
        await Expect.InvalidParameter(() => Aws.Idp("CreateManagedLoginBranding", JsonNode.Parse($$"""
            { "UserPoolId": "{{poolId}}", "ClientId": "{{clientId}}", "Assets": [ { "Category": "LOGO", "ColorMode": "LIGHT", "Extension": "PNG" } ] }
            """)!.ToJsonString()));
        await Expect.NotFound(() => Aws.Idp("CreateManagedLoginBranding", new { UserPoolId = poolId, ClientId = "abcdefghijklmnopqrstuvwxyz", UseCognitoProvidedValues = true }));
    }
}
