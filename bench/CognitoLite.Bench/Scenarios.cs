using System.Text.Json.Nodes;

namespace CognitoLite.Bench;

/// <summary>
/// The scenarios of the comparison. Each gets a pool and app client of its own, so that what one scenario
/// leaves behind (thousands of signed-up users) does not weigh on the next. Workers that sign in use a user
/// of their own: the per-user attempt lockout reserves a slot per in-flight sign-in.
/// </summary>
internal static class Scenarios
{
    public static readonly string[] All = ["signup", "signin", "srp", "getuser", "refresh", "client-credentials", "oauth-refresh"];

    /// <summary>The token grants of /oauth2/token, which cognito-local does not serve.</summary>
    public static readonly string[] OAuth = ["client-credentials", "oauth-refresh"];

    /// <summary>Why a target cannot run the scenario (the report says so and measures nothing), or null when it can.</summary>
    public static string? Unsupported(string scenario, bool isCognitoLite) =>
        !isCognitoLite && OAuth.Contains(scenario) ? "cognito-local has no /oauth2/token" : null;

    /// <summary>
    /// The operation of the scenario on this server. cognito-local has no SRP: its srp cell runs its USER_PASSWORD_AUTH
    /// sign-in instead (<paramref name="hasSrp"/> false), so that CognitoLite's SRP sign-in is measured next to it.
    /// </summary>
    public static async Task<LoadRunner.Operation> Prepare(string scenario, CognitoClient client, int workers, bool hasSrp)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        switch (scenario)
        {
            case "client-credentials":
                return await ClientCredentials(client, $"bench-{scenario}-{tag}");
            case "oauth-refresh":
                return await OAuthRefresh(client, $"bench-{scenario}-{tag}", workers);
        }
        var (poolId, clientId) = await client.CreatePoolAndClient($"bench-{scenario}-{tag}");
        if (scenario == "signup")
        {
            long next = 0;
            return (_, _) => client.SignUpConfirmed(poolId, clientId, $"su-{tag}-{Interlocked.Increment(ref next)}");
        }

        var users = Enumerable.Range(0, workers).Select(w => $"{scenario}-{tag}-{w}").ToArray();
        foreach (var user in users) await client.SignUpConfirmed(poolId, clientId, user);
        switch (scenario)
        {
            case "signin":
            case "srp" when !hasSrp:
                return (worker, _) => client.SignIn(clientId, users[worker]);
            case "srp":
            {
                var srp = users.Select(user => new SrpUser(user, CognitoCalls.Password)).ToArray();
                return (worker, _) => client.SrpSignIn(poolId, clientId, srp[worker]);
            }
            case "getuser":
            {
                var access = new string[workers];
                for (var w = 0; w < workers; w++) access[w] = (await client.SignIn(clientId, users[w])).Text("AccessToken");
                return (worker, _) => client.GetUser(access[worker]);
            }
            case "refresh":
            {
                var refresh = new string[workers];
                for (var w = 0; w < workers; w++) refresh[w] = (await client.SignIn(clientId, users[w])).Text("RefreshToken");
                return async (worker, _) =>
                {
                    var answer = await client.Refresh(clientId, refresh[worker]);
                    if (answer["AuthenticationResult"]?["AccessToken"] is null) throw new CognitoError("NoTokens", "refresh answered without tokens");
                };
            }
            default:
                throw new ArgumentException($"unknown scenario {scenario} (known: {string.Join(", ", All)})", nameof(scenario));
        }
    }

    /// <summary>
    /// grant_type=client_credentials with scope bench/read: a resource server "bench" with the scope read, and a client
    /// with a secret allowed that flow and scope. No user and no database write: one RSA signature per grant.
    /// </summary>
    private static async Task<LoadRunner.Operation> ClientCredentials(CognitoClient client, string name)
    {
        var poolId = await client.CreatePool(name);
        await client.Call("CreateResourceServer", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["Identifier"] = "bench",
            ["Name"] = "bench",
            ["Scopes"] = new JsonArray(new JsonObject { ["ScopeName"] = "read", ["ScopeDescription"] = "read" }),
        });
        var (clientId, secret) = await client.CreateAppClient(poolId, new JsonObject
        {
            ["ClientName"] = name + "-client",
            ["GenerateSecret"] = true,
            ["AllowedOAuthFlowsUserPoolClient"] = true,
            ["AllowedOAuthFlows"] = new JsonArray("client_credentials"),
            ["AllowedOAuthScopes"] = new JsonArray("bench/read"),
        });
        if (secret is null) throw new CognitoError("NoSecret", "GenerateSecret answered without a ClientSecret");
        var grant = TokenGrant.For(clientId, secret, ("grant_type", "client_credentials"), ("scope", "bench/read"));
        return async (_, _) =>
        {
            var answer = await client.Token(grant);
            if (answer["access_token"] is null) throw new CognitoError("NoTokens", "client_credentials answered without an access token");
        };
    }

    /// <summary>
    /// grant_type=refresh_token, the client authenticated by its secret: each worker's user signed in once (USER_PASSWORD_AUTH
    /// with SECRET_HASH) for the refresh token it sends every time, as the refresh scenario does through InitiateAuth.
    /// </summary>
    private static async Task<LoadRunner.Operation> OAuthRefresh(CognitoClient client, string name, int workers)
    {
        var poolId = await client.CreatePool(name);
        var (clientId, secret) = await client.CreateAppClient(poolId, new JsonObject
        {
            ["ClientName"] = name + "-client",
            ["GenerateSecret"] = true,
            ["ExplicitAuthFlows"] = new JsonArray("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
        });
        if (secret is null) throw new CognitoError("NoSecret", "GenerateSecret answered without a ClientSecret");
        var grants = new TokenGrant[workers];
        for (var w = 0; w < workers; w++)
        {
            var user = $"{name}-{w}";
            await client.SignUpConfirmed(poolId, clientId, user, secret);
            var refresh = (await client.SignIn(clientId, user, secret)).Text("RefreshToken");
            grants[w] = TokenGrant.For(clientId, secret, ("grant_type", "refresh_token"), ("refresh_token", refresh));
        }
        return async (worker, _) =>
        {
            var answer = await client.Token(grants[worker]);
            if (answer["access_token"] is null || answer["id_token"] is null) throw new CognitoError("NoTokens", "refresh_token answered without tokens");
        };
    }

    /// <summary>The scale run's scenarios, on a pool the Seeder filled with <c>users</c> users.</summary>
    public static readonly string[] Scale = ["signin", "getuser", "listusers", "listusers-filter", "listusers-pages"];

    /// <summary>The filter of listusers-filter: Seeder's emails are user{i}@example.com, so about one user in nine matches.</summary>
    public const string ListUsersFilter = "email ^= \"user1\"";

    /// <summary>
    /// The scenario's operation for a given number of workers (up to <paramref name="maxWorkers"/>), on a seeded pool.
    /// getuser signs its users in here, once: the access tokens stay valid for an hour, longer than a scenario runs.
    /// </summary>
    public static async Task<Func<int, LoadRunner.Operation>> PrepareScale(string scenario, CognitoClient client, string poolId, string clientId, int users, int maxWorkers)
    {
        switch (scenario)
        {
            case "signin":
                // Each worker signs in users of its own residue class, so no two workers sign the same user in at once.
                return workers => (worker, _) => client.SignIn(clientId, Seeder.Username(Random.Shared.Next(users / workers) * workers + worker));
            case "getuser":
            {
                // One user per worker, spread over the pool (and so over the username and the random sub order).
                var access = new string[maxWorkers];
                for (var w = 0; w < maxWorkers; w++)
                    access[w] = (await client.SignIn(clientId, Seeder.Username((int)((long)w * users / maxWorkers)))).Text("AccessToken");
                return _ => (worker, _) => client.GetUser(access[worker]);
            }
            case "listusers":
                return _ => (_, _) => client.ListUsersPage(poolId, null, null);
            case "listusers-filter":
                return _ => (_, _) => client.ListUsersPage(poolId, ListUsersFilter, null);
            case "listusers-pages":
                return workers =>
                {
                    // Each worker pages through the whole pool (PaginationToken), starting over after the last page.
                    var next = new string?[workers];
                    return async (worker, _) => next[worker] = await client.ListUsersPage(poolId, null, next[worker]);
                };
            default:
                throw new ArgumentException($"unknown scale scenario {scenario} (known: {string.Join(", ", Scale)})", nameof(scenario));
        }
    }
}
