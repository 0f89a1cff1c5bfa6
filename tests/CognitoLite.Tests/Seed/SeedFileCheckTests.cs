using System.Text.RegularExpressions;
using CognitoLite.Core.Seed;
using CognitoLite.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CognitoLite.Tests.Seed;

/// <summary>The README's seed example works as printed; a seed file with an error is refused where it is wrong, and stores nothing.</summary>
public sealed class SeedFileCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cognitolite-seedcheck-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_README_seed_example_starts_and_its_users_sign_in_with_the_passwords_it_names()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Test fixtures", StringComparison.Ordinal)..];
        var example = Regex.Match(section, "```json\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var seed = Path.Combine(_folder, "seed.json");
        await File.WriteAllTextAsync(seed, example);

        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(SeedFileCheckTests), new Dictionary<string, string?> { ["CognitoLite:SeedFile"] = seed });
        var idp = new IdpFlows(host);
        var web = new TestClient("us-east-1_Example01", "exampleclient0000000000001", null);

        Assert.NotNull((await idp.SignIn(web, "alice", "Passw0rd!"))["AccessToken"]);
        Assert.NotNull((await idp.SignIn(web, "bob", "Bob-Passw0rd!"))["AccessToken"]);
    }

    [Theory]
    [InlineData("$2a$10$...")]
    [InlineData("$2x$10$dnxm2sWAhqW0ZorR/t9Lce4IaoS5OYLOkmKPIUGSrNqAbzPAZoBoq")]
    [InlineData("$2a$10$dnxm2sWAhqW0ZorR/t9Lce4IaoS5OYLOkmKPIUGSrNqAbzPAZoBo")]
    [InlineData("$2a$10$dnxm2sWAhqW0ZorR/t9Lce4IaoS5OYLOkmKPIUGSrNqAbzPAZoBo!")]
    [InlineData("$2a$3$dnxm2sWAhqW0ZorR/t9Lce4IaoS5OYLOkmKPIUGSrNqAbzPAZoBoq")]
    public async Task A_PasswordHash_in_no_bcrypt_shape_is_refused_naming_pool_and_user_and_nothing_is_stored(string hash)
    {
        var seed = Path.Combine(_folder, "seed.json");
        await File.WriteAllTextAsync(seed, $$"""
            { "UserPools": [
                { "Id": "us-east-1_Example01", "PoolName": "first", "Users": [ { "Username": "alice", "Password": "Passw0rd!" } ] },
                { "Id": "us-east-1_Example02", "PoolName": "second", "Users": [ { "Username": "bob", "PasswordHash": "{{hash}}" } ] }
            ] }
            """);
        using var host = await CognitoHost.StartAsync(Store.Sqlite, nameof(SeedFileCheckTests));
        await using var scope = host.Services.CreateAsyncScope();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<SeedService>().Apply(seed, CancellationToken.None));

        Assert.Equal($"Seed file {seed}, pool us-east-1_Example02: InvalidParameterException: User bob: PasswordHash must be a bcrypt hash "
            + "($2a$, $2b$ or $2y$, a cost of 04 to 31, then 53 characters of salt and hash).", error.Message);
        Assert.Empty((await host.Aws().Idp("ListUserPools", new { MaxResults = 60 }))["UserPools"]!.AsArray());
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "CognitoLite.sln"))) return folder.FullName;
        throw new InvalidOperationException("CognitoLite.sln not found above " + AppContext.BaseDirectory);
    }
}
