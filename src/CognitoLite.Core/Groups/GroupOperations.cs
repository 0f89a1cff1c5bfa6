using CognitoLite.Core.Api;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Groups;

public record GroupRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")] public string? GroupName { get; init; }
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
}

public sealed record CreateGroupRequest : GroupRequest
{
    [Length(0, 2048)] public string? Description { get; init; }
    [Length(20, 2048), Pattern(Ids.ArnPattern)] public string? RoleArn { get; init; }
    [Range(0, int.MaxValue)] public int? Precedence { get; init; }
}

public sealed record GroupType(
    string GroupName,
    string UserPoolId,
    string? Description,
    string? RoleArn,
    int? Precedence,
    DateTimeOffset LastModifiedDate,
    DateTimeOffset CreationDate);

public sealed record GroupResponse(GroupType Group);

public sealed record ListGroupsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Range(0, 60)] public int? Limit { get; init; }
    [Length(1, 131072), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
}

public sealed record ListGroupsResponse(List<GroupType> Groups, string? NextToken);

public sealed record AdminGroupMembershipRequest : AdminUserRequest
{
    [Required, Length(1, 128), Pattern(@"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")] public string? GroupName { get; init; }
}

public sealed record AdminListGroupsForUserRequest : AdminUserRequest
{
    [Range(0, 60)] public int? Limit { get; init; }
    [Length(1, 131072), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
}

public sealed record ListUsersInGroupRequest : GroupRequest
{
    [Range(0, 60)] public int? Limit { get; init; }
    [Length(1, 131072), Pattern(Ids.TokenPattern)] public string? NextToken { get; init; }
}

public sealed record ListUsersInGroupResponse(List<UserType> Users, string? NextToken);
