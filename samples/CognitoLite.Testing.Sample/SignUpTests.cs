using Xunit;

namespace CognitoLite.Testing.Sample;

/// <summary>Sign-up as an app's users go through it, against CognitoLite in this process.</summary>
public sealed class SignUpTests(SeededCognito fixture) : IClassFixture<SeededCognito>, IAsyncLifetime, IDisposable
{
    private readonly CognitoLiteServer _server = fixture.Server;
    private readonly Cognito _cognito = new(fixture.Server.Endpoint);

    /// <summary>Every test starts from the seed, with the clock at the real time.</summary>
    public Task InitializeAsync() => _server.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task A_new_user_confirms_with_the_emailed_code_and_signs_in()
    {
        await _cognito.SignUp("dave", "dave@example.com");

        var code = await _server.GetLastCodeAsync(Cognito.UserPoolId, "dave");
        await _cognito.Call("ConfirmSignUp", new { Cognito.ClientId, Username = "dave", ConfirmationCode = code });

        var tokens = await _cognito.SignIn("dave", "Passw0rd!");
        var user = await _cognito.Call("GetUser", new { AccessToken = tokens["AccessToken"]!.GetValue<string>() });
        Assert.Equal("dave", user["Username"]!.GetValue<string>());
        var email = Assert.Single(_server.Messages);
        Assert.Equal(("dave@example.com", "SignUp"), (email.Destination, email.Kind));
    }

    [Fact]
    public async Task A_code_older_than_a_day_is_refused()
    {
        await _cognito.SignUp("dave", "dave@example.com");
        var code = await _server.GetLastCodeAsync(Cognito.UserPoolId, "dave");

        _server.AdvanceTime(TimeSpan.FromHours(25));

        var refused = await Assert.ThrowsAsync<CognitoException>(() =>
            _cognito.Call("ConfirmSignUp", new { Cognito.ClientId, Username = "dave", ConfirmationCode = code }));
        Assert.Equal("ExpiredCodeException", refused.Type);
    }

    [Fact]
    public async Task The_seeded_user_signs_in_with_the_seeded_password()
    {
        var tokens = await _cognito.SignIn("alice", "Passw0rd!");

        Assert.NotNull(tokens["IdToken"]);
        var wrong = await Assert.ThrowsAsync<CognitoException>(() => _cognito.SignIn("alice", "Wrong-Passw0rd!"));
        Assert.Equal("NotAuthorizedException", wrong.Type);
    }
}
