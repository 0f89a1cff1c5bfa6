namespace CognitoLite.Testing;

/// <summary>
/// An email or SMS the server sent, as `GET /_dev/messages` shows it: <see cref="Medium"/> is `EMAIL` or `SMS`,
/// <see cref="Kind"/> what it was for (`SignUp`, `ResendCode`, `ForgotPassword`, `VerifyUserAttribute`, `Authentication`,
/// `AdminCreateUser`: an invitation, whose <see cref="Code"/> is the temporary password…).
/// </summary>
public sealed record SentMessage(
    string UserPoolId,
    string Username,
    string Destination,
    string Medium,
    string Kind,
    string? Code,
    string? Subject,
    string Body,
    DateTimeOffset SentAt);
