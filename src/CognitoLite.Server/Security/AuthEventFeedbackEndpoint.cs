using CognitoLite.Core.Api;
using CognitoLite.Core.Security;
using CognitoLite.Core.Users;
using Microsoft.AspNetCore.Mvc;

namespace CognitoLite.Server.Security;

/// <summary>
/// The one-click links of threat protection's notification emails ({one-click-link-valid}, {one-click-link-invalid}):
/// the user's feedback on the sign-in the email tells of, given as UpdateAuthEventFeedback would give it.
/// </summary>
internal static class AuthEventFeedbackEndpoint
{
    public static void MapAuthEventFeedback(this WebApplication app) =>
        app.MapGet("/{userPoolId}/auth-event-feedback", async (string userPoolId, [FromQuery] string? username, [FromQuery(Name = "event_id")] string? eventId,
            [FromQuery(Name = "feedback_token")] string? feedbackToken, [FromQuery(Name = "feedback_value")] string? feedbackValue, UserAuthEvents events, CancellationToken ct) =>
        {
            var request = new UpdateAuthEventFeedbackRequest
            {
                UserPoolId = userPoolId,
                Username = username,
                EventId = eventId,
                FeedbackToken = feedbackToken,
                FeedbackValue = feedbackValue,
            };
            ApiValidator.Validate(request);
            await events.UpdateAuthEventFeedback(request, ct);
            return Results.Text(feedbackValue == AuthEvents.Valid
                ? "Thank you. The sign-in is recorded as yours."
                : "Thank you. The sign-in is recorded as not yours: change your password.");
        });
}
