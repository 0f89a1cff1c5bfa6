using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Admin;

public sealed class ListUsersTestsOnPostgres(PostgresHost fixture) : ListUsersContract(fixture), IClassFixture<PostgresHost>;

public sealed class ListUsersTestsOnSqlite(SqliteHost fixture) : ListUsersContract(fixture), IClassFixture<SqliteHost>;

/// <summary>ListUsers' filters, AttributesToGet, Limit and PaginationToken through the real host, on either store.</summary>
public abstract class ListUsersContract(HostFixture fixture)
{
    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    /// <summary>The filter tests' pool, made once per host: they only read it.</summary>
    private static readonly ConditionalWeakTable<CognitoHost, Task<People>> Shared = new();

    private sealed record People(string PoolId, Dictionary<string, string> Subs);

    private Task<People> SharedPool() => Shared.GetValue(_idp.Host, _ => MakePeople());

    /// <summary>
    /// alice and albert (email, phone, names), bob (disabled), Alfred (capital A), carol (UNCONFIRMED, signed up),
    /// dan (a name with quotes) and tenant-user (a custom attribute).
    /// </summary>
    private async Task<People> MakePeople()
    {
        var client = await _idp.CreatePoolAndClient("""{ "Schema": [ { "Name": "tenant", "AttributeDataType": "String" } ] }""");
        var pool = client.PoolId;
        var subs = new Dictionary<string, string>();
        async Task Add(string username, params (string, string)[] attributes) =>
            subs[username] = UserAdmin.ToMap((await _idp.AdminConfirmedUser(pool, username, IdpFlows.Password, attributes))["Attributes"])["sub"];

        await Add("alice", ("email", "alice@example.com"), ("phone_number", "+15550000001"), ("name", "Alice Smith"),
            ("given_name", "Alice"), ("family_name", "Smith"), ("preferred_username", "ali"));
        await Add("albert", ("email", "albert@example.org"), ("phone_number", "+15550000002"), ("name", "Albert Jones"),
            ("given_name", "Albert"), ("family_name", "Jones"), ("preferred_username", "bert"));
        await Add("bob", ("email", "bob@example.com"), ("phone_number", "+445550000003"), ("given_name", "Bob"), ("family_name", "Smithers"));
        await Add("Alfred", ("email", "alfred@example.net"), ("given_name", "Alfred"));
        await Add("dan", ("name", "Dan \"The Man\""));
        await Add("tenant-user", ("custom:tenant", "acme"));
        subs["carol"] = (await _idp.SignUp(client, "carol", IdpFlows.Password, ("email", "carol@example.com")))["UserSub"].Str();
        await Aws.Idp("AdminDisableUser", new { UserPoolId = pool, Username = "bob" });
        return new People(pool, subs);
    }

    [Theory]
    [InlineData("username = \"alice\"", "alice")]
    [InlineData("username ^= \"al\"", "albert,alice")]
    [InlineData("username = \"Alfred\"", "alfred")]
    [InlineData("email = \"alice@example.com\"", "alice")]
    [InlineData("email ^= \"al\"", "albert,alfred,alice")]
    [InlineData("email ^= \"bob@\"", "bob")]
    [InlineData("phone_number = \"+15550000002\"", "albert")]
    [InlineData("phone_number ^= \"+1555\"", "albert,alice")]
    [InlineData("name = \"Alice Smith\"", "alice")]
    [InlineData("name ^= \"Al\"", "albert,alice")]
    [InlineData("given_name = \"Bob\"", "bob")]
    [InlineData("given_name ^= \"Al\"", "albert,alfred,alice")]
    [InlineData("family_name = \"Smith\"", "alice")]
    [InlineData("family_name ^= \"Smith\"", "alice,bob")]
    [InlineData("preferred_username = \"bert\"", "albert")]
    [InlineData("preferred_username ^= \"a\"", "alice")]
    [InlineData("cognito:user_status = \"UNCONFIRMED\"", "carol")]
    [InlineData("cognito:user_status = \"unconfirmed\"", "carol")]
    [InlineData("cognito:user_status = \"Confirmed\"", "albert,alfred,alice,bob,dan,tenant-user")]
    [InlineData("status = \"Disabled\"", "bob")]
    [InlineData("status = \"Enabled\"", "albert,alfred,alice,carol,dan,tenant-user")]
    [InlineData("name = \"Dan \\\"The Man\\\"\"", "dan")]
    [InlineData("email = \"nobody@example.com\"", "")]
    [InlineData("email=\"alice@example.com\"", "alice")]
    [InlineData("", "albert,alfred,alice,bob,carol,dan,tenant-user")]
    public async Task Filter_finds_exactly_the_matching_users(string filter, string expected)
    {
        var people = await SharedPool();

        var listed = await List(new { UserPoolId = people.PoolId, Filter = filter });

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Usernames(listed).Select(u => u.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.False(listed.AsObject().ContainsKey("PaginationToken"));
    }

    [Fact]
    public async Task Filter_by_sub_finds_the_user()
    {
        var people = await SharedPool();

        var listed = await List(new { UserPoolId = people.PoolId, Filter = $"sub = \"{people.Subs["albert"]}\"" });

        var user = Assert.Single(listed["Users"]!.AsArray())!;
        Assert.Equal("albert", user["Username"].Str());
        Assert.Equal(people.Subs["albert"], UserAdmin.ToMap(user["Attributes"])["sub"]);
    }

    [Fact]
    public async Task Listed_users_carry_the_UserType_fields()
    {
        var people = await SharedPool();

        var bob = Assert.Single((await List(new { UserPoolId = people.PoolId, Filter = "username = \"bob\"" }))["Users"]!.AsArray())!;

        Assert.Equal("bob", bob["Username"].Str());
        Assert.False(bob["Enabled"]!.GetValue<bool>());
        Assert.Equal("CONFIRMED", bob["UserStatus"].Str());
        Expect.IsEpochSeconds(bob["UserCreateDate"]);
        Expect.IsEpochSeconds(bob["UserLastModifiedDate"]);
        var attributes = UserAdmin.ToMap(bob["Attributes"]);
        Assert.Equal(people.Subs["bob"], attributes["sub"]);
        Assert.Equal("bob@example.com", attributes["email"]);
        Assert.Equal("Smithers", attributes["family_name"]);
    }

    [Theory]
    [InlineData("custom:tenant = \"acme\"")]
    [InlineData("address = \"x\"")]
    [InlineData("nickname = \"x\"")]
    public async Task Filter_on_an_attribute_that_is_not_searchable_is_InvalidParameterException(string filter)
    {
        var people = await SharedPool();

        await Expect.InvalidParameter(() => List(new { UserPoolId = people.PoolId, Filter = filter }));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("email = alice@example.com")]
    [InlineData("email == \"alice@example.com\"")]
    [InlineData("email != \"alice@example.com\"")]
    [InlineData("email = \"alice@example.com")]
    [InlineData("email = \"a\" and name = \"b\"")]
    [InlineData("= \"alice\"")]
    public async Task A_malformed_filter_is_InvalidParameterException(string filter)
    {
        var people = await SharedPool();

        await Expect.InvalidParameter(() => List(new { UserPoolId = people.PoolId, Filter = filter }));
    }

    [Fact]
    public async Task AttributesToGet_returns_only_the_named_attributes()
    {
        var people = await SharedPool();

        var listed = await List(new { UserPoolId = people.PoolId, Filter = "username ^= \"al\"", AttributesToGet = new[] { "email" } });

        var users = listed["Users"]!.AsArray();
        Assert.Equal(2, users.Count);
        foreach (var user in users)
            Assert.Equal(["email"], UserAdmin.ToMap(user!["Attributes"]).Keys);
        Assert.Equal("alice@example.com", UserAdmin.ToMap(users.Single(u => u!["Username"].Str() == "alice")!["Attributes"])["email"]);
    }

    [Fact]
    public async Task An_empty_AttributesToGet_returns_no_attributes()
    {
        var people = await SharedPool();

        var listed = await List(new { UserPoolId = people.PoolId, Filter = "username = \"alice\"", AttributesToGet = Array.Empty<string>() });

        var user = Assert.Single(listed["Users"]!.AsArray())!;
        Assert.True(user["Attributes"] is null || user["Attributes"]!.AsArray().Count == 0, user.ToJsonString());
        Assert.Equal("alice", user["Username"].Str());
    }

    [Fact]
    public async Task Limit_and_PaginationToken_return_every_user_exactly_once_and_no_token_on_the_last_page()
    {
        var pool = await _idp.CreatePool();
        var expected = await AddUsers(pool, 130);

        var seen = new List<string>();
        var pages = new List<int>();
        string? token = null;
        do
        {
            var page = await List(token is null ? new { UserPoolId = pool, Limit = 60 } : new { UserPoolId = pool, Limit = 60, PaginationToken = token });
            var names = Usernames(page);
            pages.Add(names.Count);
            seen.AddRange(names);
            token = page["PaginationToken"]?.GetValue<string>();
            if (token is not null) Assert.Matches(@"^\S+$", token);
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([60, 60, 10], pages);
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_Limit_a_page_holds_60_users_and_pages_combine_with_a_filter()
    {
        var pool = await _idp.CreatePool();
        var all = await AddUsers(pool, 75);

        var first = await List(new { UserPoolId = pool });
        Assert.Equal(60, Usernames(first).Count);
        var second = await List(new { UserPoolId = pool, PaginationToken = first["PaginationToken"].Str() });
        Assert.Equal(15, Usernames(second).Count);
        Assert.False(second.AsObject().ContainsKey("PaginationToken"));
        Assert.Equal(all.Order(StringComparer.Ordinal), Usernames(first).Concat(Usernames(second)).Order(StringComparer.Ordinal));

        // "user-01" prefix: user-010 … user-019.
        var filtered = new List<string>();
        string? token = null;
        var rounds = 0;
        do
        {
            var page = await List(token is null
                ? new { UserPoolId = pool, Limit = 3, Filter = "username ^= \"user-01\"" }
                : new { UserPoolId = pool, Limit = 3, Filter = "username ^= \"user-01\"", PaginationToken = token });
            Assert.InRange(Usernames(page).Count, 1, 3);
            filtered.AddRange(Usernames(page));
            token = page["PaginationToken"]?.GetValue<string>();
        }
        while (token is not null && ++rounds < 10);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"user-{i:D3}"), filtered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bad_PaginationToken_is_InvalidParameterException()
    {
        var people = await SharedPool();

        await Expect.InvalidParameter(() => List(new { UserPoolId = people.PoolId, PaginationToken = "not-a-token" }));
        await Expect.InvalidParameter(() => List(new { UserPoolId = people.PoolId, PaginationToken = "!!" }));
    }

    [Fact]
    public async Task Limit_above_60_is_InvalidParameterException()
    {
        var people = await SharedPool();

        await Expect.InvalidParameter(() => List(new { UserPoolId = people.PoolId, Limit = 61 }));
    }

    [Fact]
    public async Task ListUsers_of_an_unknown_pool_is_ResourceNotFoundException()
    {
        await Expect.NotFound(() => List(new { UserPoolId = "us-east-1_NoSuchP00l" }));
    }

    private Task<JsonNode> List(object body) => Aws.Idp("ListUsers", body);

    private static List<string> Usernames(JsonNode page) => page["Users"]!.AsArray().Select(u => u!["Username"].Str()).ToList();

    /// <summary>user-000 … user-(n-1), created by an admin without messages.</summary>
    private async Task<List<string>> AddUsers(string pool, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"user-{i:D3}").ToList();
        foreach (var name in names)
            await _idp.AdminCreateUser(pool, name, UserAdmin.NewPassword, "SUPPRESS");
        return names;
    }
}
