using CognitoLite.Core.Api;
using CognitoLite.Core.Security;

namespace CognitoLite.Core.Users;

/// <summary>
/// AdminListUserAuthEvents, UpdateAuthEventFeedback and AdminUpdateAuthEventFeedback: the user named as Cognito resolves
/// names (username, alias or sub), then threat protection's event log (Security/AuthEvents.cs).
/// </summary>
public sealed class UserAuthEvents(UserDirectory directory, AuthEvents events)
{
    public async Task<AdminListUserAuthEventsResponse> AdminListUserAuthEvents(AdminListUserAuthEventsRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        ThreatProtection.RequireEnabled(pool);
        return await events.List(await directory.Require(pool, request.Username!, ct), request.MaxResults, request.NextToken, ct);
    }

    public async Task<Empty> UpdateAuthEventFeedback(UpdateAuthEventFeedbackRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        ThreatProtection.RequireEnabled(pool);
        await events.Feedback(pool, await directory.Require(pool, request.Username!, ct), request.EventId!, request.FeedbackValue!, request.FeedbackToken!, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminUpdateAuthEventFeedback(AdminUpdateAuthEventFeedbackRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        ThreatProtection.RequireEnabled(pool);
        await events.Feedback(pool, await directory.Require(pool, request.Username!, ct), request.EventId!, request.FeedbackValue!, null, ct);
        return Empty.Value;
    }
}
