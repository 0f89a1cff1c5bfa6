using CognitoLite.Core.Api;
using CognitoLite.Core.Storage;

namespace CognitoLite.Core.UserPools;

public sealed record AddUserPoolClientSecretRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Sensitive, Length(24, 64), Pattern(@"[\w+]+")] public string? ClientSecret { get; init; }
}

public sealed record ListUserPoolClientSecretsRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Length(1, 131072), Pattern(@"[\S]+")] public string? NextToken { get; init; }
}

public sealed record DeleteUserPoolClientSecretRequest
{
    [Required, Length(1, 55), Pattern(Ids.UserPoolIdPattern)] public string? UserPoolId { get; init; }
    [Required, Length(1, 128), Pattern(Ids.ClientIdPattern), Sensitive] public string? ClientId { get; init; }
    [Required, Length(1, 128)] public string? ClientSecretId { get; init; }
}

public sealed record ClientSecretDescriptorType(string ClientSecretId, string? ClientSecretValue, DateTimeOffset ClientSecretCreateDate);

public sealed record AddUserPoolClientSecretResponse(ClientSecretDescriptorType ClientSecretDescriptor);

public sealed record ListUserPoolClientSecretsResponse(List<ClientSecretDescriptorType> ClientSecrets, string? NextToken);

/// <summary>
/// Add/List/DeleteUserPoolClientSecret: rotation of a confidential client's secret. Up to two secrets are valid at once
/// (for SECRET_HASH and client authentication alike); the last one cannot be deleted.
/// </summary>
public sealed class ClientSecrets(CognitoDbContext db, AppClientService clients, UserPoolCache cache, SecretProtector secrets, TimeProvider clock)
{
    private const int MaxSecrets = 2;

    public async Task<AddUserPoolClientSecretResponse> AddUserPoolClientSecret(AddUserPoolClientSecretRequest request, CancellationToken ct)
    {
        var client = await clients.FindClient(request.UserPoolId!, request.ClientId!, ct);
        if (client.Secrets.Count == 0)
            throw Errors.InvalidParameter($"Client {client.Id} has no client secret: secrets can only be added to a confidential client.");
        if (client.Secrets.Count >= MaxSecrets)
            throw Errors.LimitExceeded($"Client {client.Id} already has {MaxSecrets} client secrets; delete one before adding another.");
        var value = request.ClientSecret ?? Ids.NewClientSecret();
        // Ids carry the creation time in milliseconds; two secrets made within one millisecond still get distinct ids.
        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        if (client.Secrets.Any(s => s.CreatedAt >= now)) now = client.Secrets.Max(s => s.CreatedAt).AddMilliseconds(1);
        var secret = NewSecret(client.Id, value, now, secrets);
        client.Secrets = [.. client.Secrets, secret];
        client.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Forget();
        // AWS returns the value only when it generated it.
        return new AddUserPoolClientSecretResponse(Describe(secret, request.ClientSecret is null ? value : null));
    }

    /// <summary>Never the values: ids and creation dates only. Two secrets at most, so there is never a next page.</summary>
    public async Task<ListUserPoolClientSecretsResponse> ListUserPoolClientSecrets(ListUserPoolClientSecretsRequest request, CancellationToken ct)
    {
        var client = await clients.FindClient(request.UserPoolId!, request.ClientId!, ct);
        return new ListUserPoolClientSecretsResponse(client.Secrets.Select(s => Describe(s, null)).ToList(), null);
    }

    public async Task<Empty> DeleteUserPoolClientSecret(DeleteUserPoolClientSecretRequest request, CancellationToken ct)
    {
        var client = await clients.FindClient(request.UserPoolId!, request.ClientId!, ct);
        if (client.Secrets.All(s => s.Id != request.ClientSecretId))
            throw Errors.ResourceNotFound($"Client secret {request.ClientSecretId} does not exist.");
        if (client.Secrets.Count == 1)
            throw Errors.InvalidParameter("The last client secret of a client cannot be deleted.");
        client.Secrets = client.Secrets.Where(s => s.Id != request.ClientSecretId).ToList();
        client.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        cache.Forget();
        return Empty.Value;
    }

    internal static ClientSecret NewSecret(string clientId, string value, DateTime createdAt, SecretProtector secrets) => new()
    {
        Id = $"{clientId}--{new DateTimeOffset(createdAt, TimeSpan.Zero).ToUnixTimeMilliseconds()}",
        Cipher = secrets.Protect(value),
        CreatedAt = createdAt,
    };

    private static ClientSecretDescriptorType Describe(ClientSecret secret, string? value) =>
        new(secret.Id, value, UserPoolService.Utc(secret.CreatedAt));
}
