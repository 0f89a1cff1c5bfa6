using Microsoft.Extensions.Logging;

namespace CognitoLite.Core;

/// <summary>
/// The audit trail: security events as log events of the category CognitoLite.Audit, each with a stable EventId (the table
/// in README "Audit events"; a number is never reused for another event). They name pools, clients, users and callers,
/// never a password, code, secret or token.
/// </summary>
public sealed partial class Audit(ILoggerFactory loggers)
{
    public const string Category = "CognitoLite.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    [LoggerMessage(EventId = 1000, EventName = "SignInSucceeded", Level = LogLevel.Information,
        Message = "Sign-in succeeded: user {Username} (sub {Sub}) of {UserPoolId} with client {ClientId}")]
    public partial void SignInSucceeded(string userPoolId, string clientId, string username, Guid sub);

    /// <param name="username">As the client typed it (the user may not exist).</param>
    [LoggerMessage(EventId = 1001, EventName = "SignInFailed", Level = LogLevel.Information,
        Message = "Sign-in failed: {ErrorType} for user {Username} of {UserPoolId} with client {ClientId}")]
    public partial void SignInFailed(string userPoolId, string clientId, string? username, string errorType);

    [LoggerMessage(EventId = 1002, EventName = "UserCreated", Level = LogLevel.Information,
        Message = "User created: {Username} (sub {Sub}) in {UserPoolId}, status {Status}")]
    public partial void UserCreated(string userPoolId, string username, Guid sub, string status);

    /// <param name="by">DeleteUser (the user) or AdminDeleteUser.</param>
    [LoggerMessage(EventId = 1003, EventName = "UserDeleted", Level = LogLevel.Information,
        Message = "User deleted: {Username} (sub {Sub}) of {UserPoolId} by {By}")]
    public partial void UserDeleted(string userPoolId, string username, Guid sub, string by);

    /// <param name="by">ChangePassword, AdminSetUserPassword or NEW_PASSWORD_REQUIRED.</param>
    [LoggerMessage(EventId = 1004, EventName = "PasswordChanged", Level = LogLevel.Information,
        Message = "Password changed: user {Username} of {UserPoolId} by {By}")]
    public partial void PasswordChanged(string userPoolId, string username, string by);

    [LoggerMessage(EventId = 1005, EventName = "PasswordReset", Level = LogLevel.Information,
        Message = "Password reset with a code: user {Username} of {UserPoolId}")]
    public partial void PasswordReset(string userPoolId, string username);

    [LoggerMessage(EventId = 1006, EventName = "MfaEnabled", Level = LogLevel.Information,
        Message = "MFA enabled: {Method} for user {Username} of {UserPoolId}")]
    public partial void MfaEnabled(string userPoolId, string username, string method);

    [LoggerMessage(EventId = 1007, EventName = "TokenRevoked", Level = LogLevel.Information,
        Message = "Refresh token revoked: user {Username} of {UserPoolId}, client {ClientId}")]
    public partial void TokenRevoked(string userPoolId, string clientId, string username);

    [LoggerMessage(EventId = 1008, EventName = "SignedOutEverywhere", Level = LogLevel.Information,
        Message = "Every token of user {Username} of {UserPoolId} revoked (global sign-out)")]
    public partial void SignedOutEverywhere(string userPoolId, string username);

    /// <param name="accessKeyId">The access key of the caller's SigV4 signature (verified in production mode), null when unsigned.</param>
    /// <param name="userPoolId">The pool the request names, if any.</param>
    /// <param name="outcome">success, or the error type answered.</param>
    [LoggerMessage(EventId = 1009, EventName = "AdminAction", Level = LogLevel.Information,
        Message = "Admin action {Operation} by {AccessKeyId} on {UserPoolId}: {Outcome}")]
    public partial void AdminAction(string operation, string? accessKeyId, string? userPoolId, string outcome);
}
