using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Groups;

/// <summary>Groups and membership; tokens carry a user's groups and roles (see GroupClaims).</summary>
public sealed class GroupService(CognitoDbContext db, UserDirectory directory, TimeProvider clock)
{
    public async Task<GroupResponse> CreateGroup(CreateGroupRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        if (await db.Groups.AnyAsync(g => g.UserPoolId == pool.Id && g.GroupName == request.GroupName, ct))
            throw GroupExists();
        var now = clock.GetUtcNow().UtcDateTime;
        var group = new Group
        {
            UserPoolId = pool.Id,
            GroupName = request.GroupName!,
            Description = request.Description,
            RoleArn = request.RoleArn,
            Precedence = request.Precedence,
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Groups.Add(group);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (race.IsUniqueViolation())
        {
            throw GroupExists();
        }
        return new GroupResponse(TypeOf(group));
    }

    public async Task<GroupResponse> GetGroup(GroupRequest request, CancellationToken ct) =>
        new(TypeOf(await Find(request.UserPoolId!, request.GroupName!, ct)));

    /// <summary>Only the members given change; Cognito keeps what UpdateGroup leaves out.</summary>
    public async Task<GroupResponse> UpdateGroup(CreateGroupRequest request, CancellationToken ct)
    {
        var group = await Find(request.UserPoolId!, request.GroupName!, ct);
        if (request.Description is not null) group.Description = request.Description;
        if (request.RoleArn is not null) group.RoleArn = request.RoleArn;
        if (request.Precedence is not null) group.Precedence = request.Precedence;
        group.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return new GroupResponse(TypeOf(group));
    }

    public async Task<Empty> DeleteGroup(GroupRequest request, CancellationToken ct)
    {
        var group = await Find(request.UserPoolId!, request.GroupName!, ct);
        db.Groups.Remove(group);
        await db.SaveChangesAsync(ct);
        return Empty.Value;
    }

    public async Task<ListGroupsResponse> ListGroups(ListGroupsRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var after = PageToken.Decode(request.NextToken);
        var query = db.Groups.AsNoTracking().Where(g => g.UserPoolId == pool.Id);
        if (after is not null) query = query.Where(g => string.Compare(g.GroupName, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(g => g.GroupName).Take(limit + 1).ToListAsync(ct), limit, g => g.GroupName);
        return new ListGroupsResponse(page.Select(TypeOf).ToList(), next);
    }

    public async Task<Empty> AdminAddUserToGroup(AdminGroupMembershipRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        var group = await Find(pool.Id, request.GroupName!, ct);
        if (await db.GroupMemberships.AnyAsync(m => m.UserPoolId == pool.Id && m.GroupName == group.GroupName && m.UserId == user.Id, ct))
            return Empty.Value;
        db.GroupMemberships.Add(new GroupMembership { UserPoolId = pool.Id, GroupName = group.GroupName, UserId = user.Id });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (race.IsUniqueViolation())
        {
            // Added concurrently: the user is in the group either way.
        }
        return Empty.Value;
    }

    public async Task<Empty> AdminRemoveUserFromGroup(AdminGroupMembershipRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        var group = await Find(pool.Id, request.GroupName!, ct);
        await db.GroupMemberships.Where(m => m.UserPoolId == pool.Id && m.GroupName == group.GroupName && m.UserId == user.Id).ExecuteDeleteAsync(ct);
        return Empty.Value;
    }

    public async Task<ListGroupsResponse> AdminListGroupsForUser(AdminListGroupsForUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        var user = await directory.Require(pool, request.Username!, ct);
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var after = PageToken.Decode(request.NextToken);
        var query = db.GroupMemberships.AsNoTracking().Where(m => m.UserId == user.Id);
        if (after is not null) query = query.Where(m => string.Compare(m.GroupName, after) > 0);
        var page = await query.OrderBy(m => m.GroupName)
            .Join(db.Groups, m => new { m.UserPoolId, m.GroupName }, g => new { g.UserPoolId, g.GroupName }, (m, g) => g)
            .Take(limit + 1).ToListAsync(ct);
        var (groups, next) = PageToken.Cut(page, limit, g => g.GroupName);
        return new ListGroupsResponse(groups.Select(TypeOf).ToList(), next);
    }

    public async Task<ListUsersInGroupResponse> ListUsersInGroup(ListUsersInGroupRequest request, CancellationToken ct)
    {
        var group = await Find(request.UserPoolId!, request.GroupName!, ct);
        var limit = request.Limit is null or 0 ? 60 : request.Limit.Value;
        var after = PageToken.Decode(request.NextToken);
        var members = db.GroupMemberships.AsNoTracking().Where(m => m.UserPoolId == group.UserPoolId && m.GroupName == group.GroupName)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u);
        if (after is not null) members = members.Where(u => string.Compare(u.UsernameKey, after) > 0);
        var (page, next) = PageToken.Cut(await members.OrderBy(u => u.UsernameKey).Take(limit + 1).ToListAsync(ct), limit, u => u.UsernameKey);
        return new ListUsersInGroupResponse(page.Select(AdminUserService.TypeOf).ToList(), next);
    }

    private async Task<Group> Find(string userPoolId, string groupName, CancellationToken ct)
    {
        var pool = await directory.Pool(userPoolId, ct);
        return await db.Groups.FirstOrDefaultAsync(g => g.UserPoolId == pool.Id && g.GroupName == groupName, ct)
            ?? throw Errors.ResourceNotFound("Group not found.");
    }

    private static CognitoException GroupExists() => new("GroupExistsException", "A group with the name already exists.");

    private static GroupType TypeOf(Group g) => new(g.GroupName, g.UserPoolId, g.Description, g.RoleArn, g.Precedence,
        new DateTimeOffset(DateTime.SpecifyKind(g.ModifiedAt, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(g.CreatedAt, DateTimeKind.Utc)));
}
