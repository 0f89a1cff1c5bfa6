using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Admin;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Groups;

public sealed class GroupTestsOnPostgres(PostgresHost fixture) : GroupContract(fixture), IClassFixture<PostgresHost>;

public sealed class GroupTestsOnSqlite(SqliteHost fixture) : GroupContract(fixture), IClassFixture<SqliteHost>;

/// <summary>Groups, membership and the group claims in tokens, through the real host.</summary>
public abstract class GroupContract(HostFixture fixture)
{
    private const string AdminRole = "arn:aws:iam::123456789012:role/Admins";
    private const string EditorRole = "arn:aws:iam::123456789012:role/Editors";
    private const string ReaderRole = "arn:aws:iam::123456789012:role/Readers";

    private readonly IdpFlows _idp = new(fixture.Host);

    private AwsClient Aws => _idp.Aws;

    [Fact]
    public async Task CreateGroup_returns_the_GroupType_and_GetGroup_returns_the_same()
    {
        var pool = await _idp.CreatePool();

        var created = (await CreateGroup(pool, "admins", "The admins", AdminRole, 1))["Group"]!;

        Expect.Contains($$"""
            { "GroupName": "admins", "UserPoolId": "{{pool}}", "Description": "The admins", "RoleArn": "{{AdminRole}}", "Precedence": 1 }
            """, created);
        Expect.IsEpochSeconds(created["CreationDate"]);
        Expect.IsEpochSeconds(created["LastModifiedDate"]);
        var fetched = (await GetGroup(pool, "admins"))["Group"]!;
        Assert.True(JsonNode.DeepEquals(created, fetched), fetched.ToJsonString());
    }

    [Fact]
    public async Task A_group_with_only_a_name_has_no_description_role_or_precedence()
    {
        var pool = await _idp.CreatePool();

        var created = (await Aws.Idp("CreateGroup", new { UserPoolId = pool, GroupName = "plain" }))["Group"]!.AsObject();

        Assert.Equal("plain", created["GroupName"].Str());
        Assert.Null(created["Description"]);
        Assert.Null(created["RoleArn"]);
        Assert.Null(created["Precedence"]);
    }

    [Fact]
    public async Task CreateGroup_with_a_taken_name_is_GroupExistsException()
    {
        var pool = await _idp.CreatePool();
        await CreateGroup(pool, "dupes");

        await IdpFlows.Refused("GroupExistsException", () => CreateGroup(pool, "dupes"));
    }

    [Fact]
    public async Task The_same_group_name_may_be_used_in_two_pools()
    {
        var first = await _idp.CreatePool();
        var second = await _idp.CreatePool();
        await CreateGroup(first, "shared", "first");

        await CreateGroup(second, "shared", "second");

        Assert.Equal("first", (await GetGroup(first, "shared"))["Group"]!["Description"].Str());
        Assert.Equal("second", (await GetGroup(second, "shared"))["Group"]!["Description"].Str());
    }

    [Fact]
    public async Task Group_operations_in_an_unknown_pool_are_ResourceNotFoundException()
    {
        await Expect.NotFound(() => CreateGroup("us-east-1_NoSuchP00l", "g"));
        await Expect.NotFound(() => GetGroup("us-east-1_NoSuchP00l", "g"));
        await Expect.NotFound(() => Aws.Idp("ListGroups", new { UserPoolId = "us-east-1_NoSuchP00l" }));
    }

    [Fact]
    public async Task UpdateGroup_changes_only_the_members_given()
    {
        var pool = await _idp.CreatePool();
        await CreateGroup(pool, "editors", "Edit things", EditorRole, 5);

        var updated = (await Aws.Idp("UpdateGroup", new { UserPoolId = pool, GroupName = "editors", Description = "Edit more things" }))["Group"]!;

        Expect.Contains($$"""{ "GroupName": "editors", "Description": "Edit more things", "RoleArn": "{{EditorRole}}", "Precedence": 5 }""", updated);

        await Aws.Idp("UpdateGroup", new { UserPoolId = pool, GroupName = "editors", Precedence = 2 });
        await Aws.Idp("UpdateGroup", new { UserPoolId = pool, GroupName = "editors", RoleArn = AdminRole });

        Expect.Contains($$"""{ "Description": "Edit more things", "RoleArn": "{{AdminRole}}", "Precedence": 2 }""", (await GetGroup(pool, "editors"))["Group"]);
    }

    [Fact]
    public async Task UpdateGroup_of_a_missing_group_is_ResourceNotFoundException()
    {
        var pool = await _idp.CreatePool();

        var error = await Expect.NotFound(() => Aws.Idp("UpdateGroup", new { UserPoolId = pool, GroupName = "ghosts", Description = "x" }));
        Assert.Equal("Group not found.", error.AwsMessage);
    }

    [Fact]
    public async Task DeleteGroup_removes_the_group_and_its_memberships()
    {
        var client = await _idp.CreatePoolAndClient();
        await CreateGroup(client.PoolId, "temps");
        await _idp.AdminConfirmedUser(client.PoolId, "tom");
        await AddToGroup(client.PoolId, "tom", "temps");

        Assert.Equal("{}", (await Aws.Idp("DeleteGroup", new { UserPoolId = client.PoolId, GroupName = "temps" })).ToJsonString());

        var error = await Expect.NotFound(() => GetGroup(client.PoolId, "temps"));
        Assert.Equal("Group not found.", error.AwsMessage);
        await Expect.NotFound(() => Aws.Idp("DeleteGroup", new { UserPoolId = client.PoolId, GroupName = "temps" }));
        Assert.Empty((await GroupsForUser(client.PoolId, "tom"))["Groups"]!.AsArray());
        Assert.Null(TestJwt.Claims((await _idp.SignIn(client, "tom"))["IdToken"].Str())["cognito:groups"]);
        // The name can be used again, with nobody in it.
        await CreateGroup(client.PoolId, "temps");
        Assert.Empty((await Aws.Idp("ListUsersInGroup", new { UserPoolId = client.PoolId, GroupName = "temps" }))["Users"]!.AsArray());
    }

    [Fact]
    public async Task ListGroups_pages_with_Limit_and_NextToken_and_returns_every_group_once()
    {
        var pool = await _idp.CreatePool();
        var names = Enumerable.Range(0, 7).Select(i => $"group-{i}").ToList();
        foreach (var name in names) await CreateGroup(pool, name);

        var (seen, pages) = await Pages(token => Aws.Idp("ListGroups", token is null
            ? new { UserPoolId = pool, Limit = 3 }
            : new { UserPoolId = pool, Limit = 3, NextToken = token }), "Groups", "GroupName");

        Assert.Equal([3, 3, 1], pages);
        Assert.Equal(names, seen.Order(StringComparer.Ordinal));
        Assert.Equal(7, (await Aws.Idp("ListGroups", new { UserPoolId = pool }))["Groups"]!.AsArray().Count);
    }

    [Fact]
    public async Task ListGroups_with_a_bad_NextToken_is_InvalidParameterException()
    {
        var pool = await _idp.CreatePool();

        await Expect.InvalidParameter(() => Aws.Idp("ListGroups", new { UserPoolId = pool, NextToken = "not-a-token" }));
        await Expect.InvalidParameter(() => Aws.Idp("ListGroups", new { UserPoolId = pool, Limit = 61 }));
    }

    [Fact]
    public async Task Membership_is_added_listed_both_ways_and_removed()
    {
        var pool = await _idp.CreatePool();
        await CreateGroup(pool, "alpha", "A", null, 2);
        await CreateGroup(pool, "beta");
        await _idp.AdminConfirmedUser(pool, "uma");
        await _idp.AdminConfirmedUser(pool, "val");

        Assert.Equal("{}", (await AddToGroup(pool, "uma", "alpha")).ToJsonString());
        await AddToGroup(pool, "uma", "beta");
        await AddToGroup(pool, "val", "alpha");
        await AddToGroup(pool, "uma", "alpha"); // a second time changes nothing

        var groups = (await GroupsForUser(pool, "uma"))["Groups"]!.AsArray();
        Assert.Equal(["alpha", "beta"], groups.Select(g => g!["GroupName"].Str()).Order(StringComparer.Ordinal));
        Expect.Contains($$"""{ "GroupName": "alpha", "UserPoolId": "{{pool}}", "Description": "A", "Precedence": 2 }""",
            groups.Single(g => g!["GroupName"].Str() == "alpha"));
        var members = (await Aws.Idp("ListUsersInGroup", new { UserPoolId = pool, GroupName = "alpha" }))["Users"]!.AsArray();
        Assert.Equal(["uma", "val"], members.Select(u => u!["Username"].Str()).Order(StringComparer.Ordinal));
        var uma = members.Single(u => u!["Username"].Str() == "uma")!;
        Assert.Equal("CONFIRMED", uma["UserStatus"].Str());
        Assert.True(UserAdmin.ToMap(uma["Attributes"]).ContainsKey("sub"));

        Assert.Equal("{}", (await Aws.Idp("AdminRemoveUserFromGroup", new { UserPoolId = pool, Username = "uma", GroupName = "alpha" })).ToJsonString());

        Assert.Equal(["beta"], (await GroupsForUser(pool, "uma"))["Groups"]!.AsArray().Select(g => g!["GroupName"].Str()));
        Assert.Equal(["val"], (await Aws.Idp("ListUsersInGroup", new { UserPoolId = pool, GroupName = "alpha" }))["Users"]!.AsArray().Select(u => u!["Username"].Str()));
    }

    [Fact]
    public async Task A_deleted_user_leaves_its_groups()
    {
        var pool = await _idp.CreatePool();
        await CreateGroup(pool, "crew");
        await _idp.AdminConfirmedUser(pool, "gone");
        await _idp.AdminConfirmedUser(pool, "kept");
        await AddToGroup(pool, "gone", "crew");
        await AddToGroup(pool, "kept", "crew");

        await Aws.Idp("AdminDeleteUser", new { UserPoolId = pool, Username = "gone" });

        var members = (await Aws.Idp("ListUsersInGroup", new { UserPoolId = pool, GroupName = "crew" }))["Users"]!.AsArray();
        Assert.Equal(["kept"], members.Select(u => u!["Username"].Str()));
    }

    [Fact]
    public async Task Membership_calls_with_an_unknown_user_or_group_fail_with_the_AWS_errors()
    {
        var pool = await _idp.CreatePool();
        await CreateGroup(pool, "real");
        await _idp.AdminConfirmedUser(pool, "wade");

        await IdpFlows.Refused("UserNotFoundException", () => AddToGroup(pool, "nobody", "real"));
        await IdpFlows.Refused("ResourceNotFoundException", () => AddToGroup(pool, "wade", "ghosts"), "Group not found.");
        await IdpFlows.Refused("UserNotFoundException", () => Aws.Idp("AdminRemoveUserFromGroup", new { UserPoolId = pool, Username = "nobody", GroupName = "real" }));
        await IdpFlows.Refused("ResourceNotFoundException", () => Aws.Idp("AdminRemoveUserFromGroup", new { UserPoolId = pool, Username = "wade", GroupName = "ghosts" }));
        await IdpFlows.Refused("UserNotFoundException", () => GroupsForUser(pool, "nobody"));
        await IdpFlows.Refused("ResourceNotFoundException", () => Aws.Idp("ListUsersInGroup", new { UserPoolId = pool, GroupName = "ghosts" }));
    }

    [Fact]
    public async Task ListUsersInGroup_and_AdminListGroupsForUser_page_with_NextToken()
    {
        var pool = await _idp.CreatePool();
        var groups = Enumerable.Range(0, 5).Select(i => $"team-{i}").ToList();
        var users = Enumerable.Range(0, 5).Select(i => $"member-{i}").ToList();
        foreach (var group in groups) await CreateGroup(pool, group);
        foreach (var user in users)
        {
            await _idp.AdminConfirmedUser(pool, user);
            await AddToGroup(pool, user, "team-0");
        }
        foreach (var group in groups.Skip(1)) await AddToGroup(pool, "member-0", group);

        var (members, memberPages) = await Pages(token => Aws.Idp("ListUsersInGroup", token is null
            ? new { UserPoolId = pool, GroupName = "team-0", Limit = 2 }
            : new { UserPoolId = pool, GroupName = "team-0", Limit = 2, NextToken = token }), "Users", "Username");
        var (memberOf, groupPages) = await Pages(token => Aws.Idp("AdminListGroupsForUser", token is null
            ? new { UserPoolId = pool, Username = "member-0", Limit = 2 }
            : new { UserPoolId = pool, Username = "member-0", Limit = 2, NextToken = token }), "Groups", "GroupName");

        Assert.Equal([2, 2, 1], memberPages);
        Assert.Equal(users, members.Order(StringComparer.Ordinal));
        Assert.Equal([2, 2, 1], groupPages);
        Assert.Equal(groups, memberOf.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tokens_list_groups_by_precedence_with_roles_and_the_preferred_role()
    {
        var client = await _idp.CreatePoolAndClient();
        await CreateGroup(client.PoolId, "readers");                              // no precedence: last
        await CreateGroup(client.PoolId, "editors", null, EditorRole, 5);
        await CreateGroup(client.PoolId, "admins", null, AdminRole, 1);
        await CreateGroup(client.PoolId, "viewers", null, null, 0);                 // first, but without a role
        await _idp.AdminConfirmedUser(client.PoolId, "xena");
        foreach (var group in new[] { "readers", "editors", "admins", "viewers" }) await AddToGroup(client.PoolId, "xena", group);

        var tokens = await _idp.SignIn(client, "xena");

        var id = TestJwt.Claims(tokens["IdToken"].Str());
        Assert.Equal(["viewers", "admins", "editors", "readers"], id["cognito:groups"].Strings());
        Assert.Equal([AdminRole, EditorRole], id["cognito:roles"].Strings().Order(StringComparer.Ordinal));
        Assert.Equal(AdminRole, id["cognito:preferred_role"].Str());
        var access = TestJwt.Claims(tokens["AccessToken"].Str());
        Assert.Equal(["viewers", "admins", "editors", "readers"], access["cognito:groups"].Strings());
        Assert.Null(access["cognito:roles"]);
        Assert.Null(access["cognito:preferred_role"]);
    }

    [Fact]
    public async Task No_preferred_role_when_the_best_groups_tie_with_different_roles()
    {
        var client = await _idp.CreatePoolAndClient();
        await CreateGroup(client.PoolId, "left", null, AdminRole, 3);
        await CreateGroup(client.PoolId, "right", null, EditorRole, 3);
        await CreateGroup(client.PoolId, "worse", null, ReaderRole, 9);
        await _idp.AdminConfirmedUser(client.PoolId, "yuri");
        foreach (var group in new[] { "left", "right", "worse" }) await AddToGroup(client.PoolId, "yuri", group);

        var id = TestJwt.Claims((await _idp.SignIn(client, "yuri"))["IdToken"].Str());

        Assert.Equal([AdminRole, EditorRole, ReaderRole], id["cognito:roles"].Strings().Order(StringComparer.Ordinal));
        Assert.False(id.ContainsKey("cognito:preferred_role"), id.ToJsonString());
        Assert.Equal(["left", "right", "worse"], id["cognito:groups"].Strings());
    }

    [Fact]
    public async Task A_tie_with_the_same_role_still_gives_that_preferred_role()
    {
        var client = await _idp.CreatePoolAndClient();
        await CreateGroup(client.PoolId, "one", null, AdminRole, 4);
        await CreateGroup(client.PoolId, "two", null, AdminRole, 4);
        await _idp.AdminConfirmedUser(client.PoolId, "zed");
        await AddToGroup(client.PoolId, "zed", "one");
        await AddToGroup(client.PoolId, "zed", "two");

        var id = TestJwt.Claims((await _idp.SignIn(client, "zed"))["IdToken"].Str());

        Assert.Equal(AdminRole, id["cognito:preferred_role"].Str());
        Assert.Equal([AdminRole], id["cognito:roles"].Strings());
    }

    [Fact]
    public async Task A_user_in_no_group_has_no_group_claims_and_changes_show_in_the_next_tokens()
    {
        var client = await _idp.CreatePoolAndClient();
        await CreateGroup(client.PoolId, "later", null, ReaderRole, 1);
        await _idp.AdminConfirmedUser(client.PoolId, "abe");

        var before = await _idp.SignIn(client, "abe");
        var id = TestJwt.Claims(before["IdToken"].Str());
        Assert.False(id.ContainsKey("cognito:groups"));
        Assert.False(id.ContainsKey("cognito:roles"));
        Assert.False(id.ContainsKey("cognito:preferred_role"));
        Assert.False(TestJwt.Claims(before["AccessToken"].Str()).ContainsKey("cognito:groups"));

        await AddToGroup(client.PoolId, "abe", "later");
        var refreshed = (await _idp.Refresh(client, before["RefreshToken"].Str()))["AuthenticationResult"]!;

        Assert.Equal(["later"], TestJwt.Claims(refreshed["IdToken"].Str())["cognito:groups"].Strings());
        Assert.Equal(ReaderRole, TestJwt.Claims(refreshed["IdToken"].Str())["cognito:preferred_role"].Str());
        Assert.Equal(["later"], TestJwt.Claims(refreshed["AccessToken"].Str())["cognito:groups"].Strings());
    }

    private Task<JsonNode> CreateGroup(string pool, string name, string? description = null, string? roleArn = null, int? precedence = null)
    {
        var body = new JsonObject { ["UserPoolId"] = pool, ["GroupName"] = name };
        if (description is not null) body["Description"] = description;
        if (roleArn is not null) body["RoleArn"] = roleArn;
        if (precedence is not null) body["Precedence"] = precedence;
        return Aws.Idp("CreateGroup", body.ToJsonString());
    }

    private Task<JsonNode> GetGroup(string pool, string name) => Aws.Idp("GetGroup", new { UserPoolId = pool, GroupName = name });

    private Task<JsonNode> AddToGroup(string pool, string username, string group) =>
        Aws.Idp("AdminAddUserToGroup", new { UserPoolId = pool, Username = username, GroupName = group });

    private Task<JsonNode> GroupsForUser(string pool, string username) =>
        Aws.Idp("AdminListGroupsForUser", new { UserPoolId = pool, Username = username });

    /// <summary>Follows NextToken to the end; returns every item's key and each page's size. The last page has no NextToken.</summary>
    private static async Task<(List<string> Keys, List<int> Pages)> Pages(Func<string?, Task<JsonNode>> call, string list, string key)
    {
        var keys = new List<string>();
        var pages = new List<int>();
        string? token = null;
        do
        {
            var page = await call(token);
            var items = page[list]!.AsArray();
            pages.Add(items.Count);
            keys.AddRange(items.Select(i => i![key].Str()));
            Assert.True(!page.AsObject().ContainsKey("NextToken") || page["NextToken"]!.GetValueKind() == JsonValueKind.String);
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null && pages.Count < 20);
        return (keys, pages);
    }
}
