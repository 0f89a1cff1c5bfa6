using CognitoLite.Core.Api;

namespace CognitoLite.Core.Import;

public sealed record GetCSVHeaderRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record GetCSVHeaderResponse(string UserPoolId, List<string> CSVHeader);

public sealed record CreateUserImportJobRequest
{
    [Required, Length(1, 128), Pattern(Ids.NamePattern)] public string? JobName { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(20, 2048), Pattern(Ids.ArnPattern)] public string? CloudWatchLogsRoleArn { get; init; }
    [OneOf("BCRYPT", "SCRYPT", "ARGON2ID", "PBKDF2_SHA256")] public string? PasswordHashingAlgorithm { get; init; }
}

/// <summary>StartUserImportJob, DescribeUserImportJob and StopUserImportJob.</summary>
public sealed record UserImportJobRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 55), Pattern(UserImportJobs.JobIdPattern)] public string? JobId { get; init; }
}

public sealed record ListUserImportJobsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Range(1, 60)] public int? MaxResults { get; init; }
    [Pattern(Ids.TokenPattern)] public string? PaginationToken { get; init; }
}

public sealed record UserImportJobType(
    string JobName,
    string JobId,
    string UserPoolId,
    string PreSignedUrl,
    DateTimeOffset CreationDate,
    DateTimeOffset? StartDate,
    DateTimeOffset? CompletionDate,
    string Status,
    string CloudWatchLogsRoleArn,
    long ImportedUsers,
    long SkippedUsers,
    long FailedUsers,
    string? CompletionMessage);

public sealed record UserImportJobResponse(UserImportJobType UserImportJob);

public sealed record ListUserImportJobsResponse(List<UserImportJobType> UserImportJobs, string? PaginationToken);
