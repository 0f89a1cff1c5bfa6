using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Security;

/// <summary>
/// A user's event history as threat protection recorded it (AdminListUserAuthEvents, newest first), and the feedback on
/// an event: from the user, with the FeedbackToken of the event's notification email (UpdateAuthEventFeedback), or from an
/// administrator (AdminUpdateAuthEventFeedback). Feedback counts in later assessments (see <see cref="ThreatProtection"/>).
/// </summary>
public sealed class AuthEvents(CognitoDbContext db, SecretProtector secrets, TimeProvider clock)
{
    public const string SignIn = "SignIn";
    public const string SignUp = "SignUp";
    public const string ForgotPassword = "ForgotPassword";
    public const string PasswordChange = "PasswordChange";
    public const string ResendCode = "ResendCode";

    public const string Pass = "Pass";
    public const string Fail = "Fail";
    public const string InProgress = "InProgress";

    public const string Success = "Success";
    public const string Failure = "Failure";

    public const string Valid = "Valid";
    public const string Invalid = "Invalid";

    public async Task<AdminListUserAuthEventsResponse> List(User user, int? maxResults, string? nextToken, CancellationToken ct)
    {
        var limit = maxResults is null or 0 ? 60 : maxResults.Value;
        var query = db.AuthEvents.AsNoTracking().Where(e => e.UserId == user.Id);
        if (PageToken.Decode(nextToken) is { } after)
        {
            var before = long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Errors.InvalidParameter("Invalid pagination token.");
            query = query.Where(e => e.Number < before);
        }
        var fetched = await query.OrderByDescending(e => e.Number).Take(limit + 1).ToListAsync(ct);
        var (page, next) = PageToken.Cut(fetched, limit, e => e.Number.ToString(CultureInfo.InvariantCulture));
        return new AdminListUserAuthEventsResponse(page.Select(TypeOf).ToList(), next);
    }

    /// <summary>Records feedback on one of the user's events; <paramref name="feedbackToken"/> is checked when the user gives it.</summary>
    public async Task Feedback(UserPool pool, User user, string eventId, string value, string? feedbackToken, CancellationToken ct)
    {
        if (!await db.AuthEvents.AnyAsync(e => e.UserId == user.Id && e.EventId == eventId, ct))
            throw Errors.ResourceNotFound("Auth event not found.");
        if (feedbackToken is not null && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(feedbackToken), Encoding.ASCII.GetBytes(FeedbackToken(pool, eventId))))
            throw Errors.NotAuthorized("Invalid feedback token.");
        var now = clock.GetUtcNow().UtcDateTime;
        var provider = feedbackToken is null ? "Admin" : "User";
        await db.AuthEvents.Where(e => e.UserId == user.Id && e.EventId == eventId).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.FeedbackValue, value).SetProperty(e => e.FeedbackProvider, provider).SetProperty(e => e.FeedbackDate, now), ct);
    }

    /// <summary>The token of an event's one-click feedback links: a keyed hash, so nothing is stored and only the server can make one.</summary>
    public string FeedbackToken(UserPool pool, string eventId) => secrets.Mac($"auth event feedback|{pool.Id}|{eventId}");

    private static AuthEventType TypeOf(AuthEvent e)
    {
        List<ChallengeResponseType> challenges = [];
        if (e.PasswordResponse is not null) challenges.Add(new ChallengeResponseType("Password", e.PasswordResponse));
        if (e.MfaResponse is not null) challenges.Add(new ChallengeResponseType("Mfa", e.MfaResponse));
        return new AuthEventType(
            e.EventId,
            e.EventType,
            new DateTimeOffset(e.CreatedAt, TimeSpan.Zero),
            e.EventResponse,
            new EventRiskType(e.RiskDecision, e.RiskLevel, e.CompromisedCredentialsDetected),
            challenges,
            new EventContextDataType(e.IpAddress, e.DeviceName, null, null, null),
            e.FeedbackValue is null ? null : new EventFeedbackType(e.FeedbackValue, e.FeedbackProvider!, e.FeedbackDate is { } date ? new DateTimeOffset(date, TimeSpan.Zero) : null));
    }
}
