using System.Text.Json;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Triggers;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Auth;

/// <summary>
/// The challenges of CUSTOM_AUTH (spec/user-pools.md §11): the pool's define auth challenge function leads the sign-in
/// from the challenges so far; each CUSTOM_CHALLENGE is made by the create function and its answer checked by the verify
/// function. The challenges so far and the private challenge parameters (encrypted) live in the challenge session, which
/// each answer uses up: the next challenge comes with a new one.
/// </summary>
public sealed class CustomChallenges(CognitoDbContext db, UserDirectory directory, ChallengeSessions sessions, UnknownUsers unknownUsers, LambdaTriggers triggers,
    SecretProtector secrets)
{
    /// <summary>Session data: the challenges so far, kept also by the PASSWORD_VERIFIER session of a CUSTOM_AUTH begun with SRP.</summary>
    public const string History = "customChallenges";
    private const string Private = "privateChallengeParameters";
    private const string Metadata = "challengeMetadata";

    /// <summary>What the define function decided: a CUSTOM_CHALLENGE to send, tokens, or (neither) PASSWORD_VERIFIER, the SRP step the caller runs.</summary>
    public sealed record Outcome(InitiateAuthResponse? Challenge, bool IssueTokens);

    /// <summary>
    /// Asks the define function what follows the challenges so far and, for a CUSTOM_CHALLENGE, the create function for it.
    /// failAuthentication ends the sign-in as a wrong password does. An unknown user (from a client that prevents
    /// user-existence errors) is shown the challenge with a decoy session, and never gets tokens.
    /// </summary>
    public async Task<Outcome> Next(UserPool pool, AppClient client, string username, User? user, List<ChallengeResult> history,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var decision = await triggers.DefineAuthChallenge(pool, client, username, user, history, clientMetadata, ct);
        if (decision.FailAuthentication || decision.IssueTokens && user is null) throw Errors.IncorrectUsernameOrPassword();
        if (decision.IssueTokens) return new Outcome(null, IssueTokens: true);
        if (decision.ChallengeName == LambdaTriggers.PasswordVerifier) return new Outcome(null, IssueTokens: false);

        var created = await triggers.CreateAuthChallenge(pool, client, username, user, history, clientMetadata, ct);
        var parameters = new Dictionary<string, string>(created.PublicParameters) { ["USERNAME"] = user?.Username ?? unknownUsers.UserId(pool, username) };
        if (user is null)
        {
            var decoy = sessions.StartDecoy(client, LambdaTriggers.CustomChallenge, unknownUsers.Owner(pool, username), DecoyHistory(history));
            return new Outcome(new InitiateAuthResponse(LambdaTriggers.CustomChallenge, decoy, parameters, null), false);
        }
        var data = new Dictionary<string, string> { [Private] = secrets.Protect(JsonSerializer.Serialize(created.PrivateParameters)) };
        Keep(data, history);
        if (created.ChallengeMetadata is not null) data[Metadata] = created.ChallengeMetadata;
        var token = sessions.Start(user, client, LambdaTriggers.CustomChallenge, data);
        await db.SaveChangesAsync(ct);
        return new Outcome(new InitiateAuthResponse(LambdaTriggers.CustomChallenge, token, parameters, null), false);
    }

    /// <summary>
    /// A CUSTOM_CHALLENGE answered: the session is used up, the verify function says whether the ANSWER is right, and the
    /// challenges so far, this one added with its result and metadata, go back to the define function. The answer to a
    /// decoy is wrong whatever it is, with no user (null) and no private parameters for the verify function to be asked with.
    /// </summary>
    public async Task<(User? User, List<ChallengeResult> History)> Answer(UserPool pool, AppClient client, string? token, string username, string answer,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken ct)
    {
        var session = await sessions.Take(token, client, LambdaTriggers.CustomChallenge, ct);
        if (ChallengeSessions.IsDecoy(session))
        {
            unknownUsers.CheckOwner(pool, session, username);
            return (null, [.. HistoryOfDecoy(session), new ChallengeResult(LambdaTriggers.CustomChallenge, false, null)]);
        }
        var user = await directory.SessionUser(pool, session, username, ct);
        var privateParameters = JsonSerializer.Deserialize<Dictionary<string, string>>(secrets.Unprotect(session.Data[Private]))!;
        var correct = await triggers.VerifyAuthChallengeResponse(pool, client, user, privateParameters, answer, clientMetadata, ct);
        var history = HistoryOf(session)!;
        history.Add(new ChallengeResult(LambdaTriggers.CustomChallenge, correct, session.Data.GetValueOrDefault(Metadata)));
        return (user, history);
    }

    /// <summary>
    /// The challenges so far of a decoy, as its session's detail byte: whether SRP_A began them, and how many CUSTOM_CHALLENGEs
    /// followed (all failed, none with metadata, as a decoy's are), which is all a decoy's history can be.
    /// </summary>
    private static byte DecoyHistory(List<ChallengeResult> history) =>
        (byte)((history.FirstOrDefault()?.ChallengeName == LambdaTriggers.SrpA ? 0x80 : 0) | Math.Min(history.Count(h => h.ChallengeName == LambdaTriggers.CustomChallenge), 0x7F));

    private static IEnumerable<ChallengeResult> HistoryOfDecoy(AuthSession decoy)
    {
        var detail = ChallengeSessions.DetailOf(decoy);
        if ((detail & 0x80) != 0) yield return new ChallengeResult(LambdaTriggers.SrpA, true, null);
        for (var i = 0; i < (detail & 0x7F); i++) yield return new ChallengeResult(LambdaTriggers.CustomChallenge, false, null);
    }

    /// <summary>Keeps the challenges so far in a session's data.</summary>
    public static void Keep(Dictionary<string, string> data, List<ChallengeResult> history) => data[History] = JsonSerializer.Serialize(history);

    /// <summary>The challenges so far that a session keeps; null for a session outside CUSTOM_AUTH.</summary>
    public static List<ChallengeResult>? HistoryOf(AuthSession session) =>
        session.Data.TryGetValue(History, out var json) ? JsonSerializer.Deserialize<List<ChallengeResult>>(json) : null;
}
