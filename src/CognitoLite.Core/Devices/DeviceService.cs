using System.Numerics;
using CognitoLite.Core.Api;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using CognitoLite.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Devices;

/// <summary>
/// ConfirmDevice and the device operations, the user's own (by access token) and the admin's (spec/devices-passkeys-security.md §1).
/// </summary>
public sealed class DeviceService(
    CognitoDbContext db,
    TokenService tokens,
    UserDirectory directory,
    DeviceTracking tracking,
    CognitoOptions options,
    TimeProvider clock)
{
    private const string Remembered = "remembered";

    /// <summary>
    /// The client confirms the key its sign-in was given, with the SRP salt and verifier of a secret only it knows. The device
    /// is remembered at once unless the pool waits for the user to say so (DeviceOnlyRememberedOnUserPrompt), which the
    /// answer's UserConfirmationNecessary tells the client.
    /// </summary>
    public async Task<ConfirmDeviceResponse> ConfirmDevice(ConfirmDeviceRequest request, CancellationToken ct)
    {
        var token = await tokens.ValidateAccessToken(request.AccessToken!, tracked: false, ct);
        var pool = await directory.Pool(token.User.UserPoolId, ct);
        // Only the key the sign-in behind this token was given: a client confirms its own device, not one it names.
        var issued = await db.RefreshTokens.Where(t => t.OriginJti == token.OriginJti).Select(t => t.DeviceKey).FirstOrDefaultAsync(ct);
        if (issued is null || issued != request.DeviceKey) throw Errors.DeviceNotFound();
        if (await db.Devices.AnyAsync(d => d.DeviceKey == request.DeviceKey, ct)) throw Errors.DeviceKeyExists();
        var (salt, verifier) = Verifier(request.DeviceSecretVerifierConfig);

        var remembered = pool.Settings.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt != true;
        var now = clock.GetUtcNow().UtcDateTime;
        var device = new Device
        {
            DeviceKey = request.DeviceKey!,
            UserId = token.User.Id,
            DeviceGroupKey = tracking.GroupKey(token.User),
            DeviceName = request.DeviceName,
            SrpSalt = salt,
            SrpVerifier = verifier,
            Remembered = remembered,
            CreatedAt = now,
        };
        tracking.Used(device);
        db.Devices.Add(device);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException race) when (race.IsUniqueViolation())
        {
            throw Errors.DeviceKeyExists();
        }
        return new ConfirmDeviceResponse(UserConfirmationNecessary: !remembered);
    }

    public async Task<GetDeviceResponse> GetDevice(DeviceKeyRequest request, CancellationToken ct)
    {
        var (pool, user) = await Caller(request.AccessToken, ct);
        return new GetDeviceResponse(TypeOf(pool, user, await Owned(user, request.DeviceKey!, ct), admin: false));
    }

    /// <summary>The user's remembered devices (a device that is only tracked is not listed), a page at a time.</summary>
    public async Task<ListDevicesResponse> ListDevices(ListDevicesRequest request, CancellationToken ct)
    {
        var (pool, user) = await Caller(request.AccessToken, ct);
        return await List(pool, user, request.Limit, request.PaginationToken, rememberedOnly: true, admin: false, ct);
    }

    public async Task<Empty> UpdateDeviceStatus(UpdateDeviceStatusRequest request, CancellationToken ct)
    {
        var (_, user) = await Caller(request.AccessToken, ct);
        await SetStatus(await Owned(user, request.DeviceKey!, ct), request.DeviceRememberedStatus, ct);
        return Empty.Value;
    }

    /// <summary>The device is deleted: it signs in as a new device again, and the refresh tokens issued on it stop working.</summary>
    public async Task<Empty> ForgetDevice(DeviceKeyRequest request, CancellationToken ct)
    {
        var (_, user) = await Caller(request.AccessToken, ct);
        await Forget(await Owned(user, request.DeviceKey!, ct), ct);
        return Empty.Value;
    }

    public async Task<GetDeviceResponse> AdminGetDevice(AdminDeviceRequest request, CancellationToken ct)
    {
        var (pool, user) = await AdminUser(request, ct);
        return new GetDeviceResponse(TypeOf(pool, user, await Owned(user, request.DeviceKey!, ct), admin: true));
    }

    /// <summary>Every device the user confirmed, remembered or not, a page at a time.</summary>
    public async Task<ListDevicesResponse> AdminListDevices(AdminListDevicesRequest request, CancellationToken ct)
    {
        var (pool, user) = await AdminUser(request, ct);
        return await List(pool, user, request.Limit, request.PaginationToken, rememberedOnly: false, admin: true, ct);
    }

    public async Task<Empty> AdminUpdateDeviceStatus(AdminUpdateDeviceStatusRequest request, CancellationToken ct)
    {
        var (_, user) = await AdminUser(request, ct);
        await SetStatus(await Owned(user, request.DeviceKey!, ct), request.DeviceRememberedStatus, ct);
        return Empty.Value;
    }

    public async Task<Empty> AdminForgetDevice(AdminDeviceRequest request, CancellationToken ct)
    {
        var (_, user) = await AdminUser(request, ct);
        await Forget(await Owned(user, request.DeviceKey!, ct), ct);
        return Empty.Value;
    }

    /// <summary>The user an access token belongs to. GetDevice and ForgetDevice leave the token optional in AWS's model, but need it.</summary>
    private async Task<(UserPool Pool, User User)> Caller(string? accessToken, CancellationToken ct)
    {
        if (accessToken is null) throw Errors.InvalidParameter("Missing required parameter AccessToken");
        var token = await tokens.ValidateAccessToken(accessToken, tracked: false, ct);
        return (await directory.Pool(token.User.UserPoolId, ct), token.User);
    }

    private async Task<(UserPool Pool, User User)> AdminUser(AdminDeviceUserRequest request, CancellationToken ct)
    {
        var pool = await directory.Pool(request.UserPoolId!, ct);
        return (pool, await directory.Require(pool, request.Username!, ct));
    }

    private async Task<Device> Owned(User user, string deviceKey, CancellationToken ct) =>
        await db.Devices.FirstOrDefaultAsync(d => d.DeviceKey == deviceKey && d.UserId == user.Id, ct) ?? throw Errors.DeviceNotFound();

    private async Task<ListDevicesResponse> List(UserPool pool, User user, int? limit, string? paginationToken, bool rememberedOnly, bool admin, CancellationToken ct)
    {
        var size = limit is null or 0 ? 60 : limit.Value;
        var after = PageToken.Decode(paginationToken);
        var query = db.Devices.AsNoTracking().Where(d => d.UserId == user.Id);
        if (rememberedOnly) query = query.Where(d => d.Remembered);
        if (after is not null) query = query.Where(d => string.Compare(d.DeviceKey, after) > 0);
        var (page, next) = PageToken.Cut(await query.OrderBy(d => d.DeviceKey).Take(size + 1).ToListAsync(ct), size, d => d.DeviceKey);
        return new ListDevicesResponse(page.Select(d => TypeOf(pool, user, d, admin)).ToList(), next);
    }

    /// <summary>Without a status nothing changes.</summary>
    private async Task SetStatus(Device device, string? status, CancellationToken ct)
    {
        if (status is null) return;
        device.Remembered = status == Remembered;
        device.ModifiedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The device's row goes, and its refresh tokens are marked as the tokens of a forgotten device: they refresh no more, and
    /// their sign-in cannot confirm the key again (which would bring them back). The sign-in's access tokens keep working.
    /// </summary>
    private async Task Forget(Device device, CancellationToken ct)
    {
        await db.RefreshTokens.Where(t => t.UserId == device.UserId && t.DeviceKey == device.DeviceKey)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DeviceKey, DeviceTracking.Forgotten), ct);
        db.Devices.Remove(device);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The salt and verifier as the client sent them (base64 of padHex bytes, spec/srp.md §6), kept as hex numbers the way a
    /// user's are. The verifier must be a number of the group other than 0.
    /// </summary>
    private static (string Salt, string Verifier) Verifier(DeviceSecretVerifierConfigType? config)
    {
        BigInteger salt, verifier;
        try
        {
            salt = new BigInteger(Convert.FromBase64String(config?.Salt ?? ""), isUnsigned: true, isBigEndian: true);
            verifier = new BigInteger(Convert.FromBase64String(config?.PasswordVerifier ?? ""), isUnsigned: true, isBigEndian: true);
        }
        catch (FormatException)
        {
            throw Errors.InvalidParameter("DeviceSecretVerifierConfig must hold the Salt and PasswordVerifier in base64.");
        }
        if (salt.IsZero || verifier.IsZero || verifier >= Srp.N)
            throw Errors.InvalidParameter("DeviceSecretVerifierConfig must hold a Salt and a PasswordVerifier.");
        return (Srp.ToHex(salt), Srp.ToHex(verifier));
    }

    /// <summary>
    /// A device as AWS describes it. The admin's view adds the developer attributes (`dev:`): owner, ARN, remembered status and
    /// SDK; the user's own calls see device_status, device_name and last_ip_used.
    /// </summary>
    private DeviceType TypeOf(UserPool pool, User user, Device device, bool admin)
    {
        var owner = $"{user.Username}.{pool.Id}";
        var attributes = new List<AttributeType> { new() { Name = "device_status", Value = "valid" } };
        if (device.DeviceName is not null) attributes.Add(new() { Name = "device_name", Value = device.DeviceName });
        if (admin)
        {
            attributes.Add(new() { Name = "dev:device_arn", Value = $"arn:aws:cognito-idp:{Ids.RegionOf(pool.Id)}:{options.AccountId}:owner/{owner}/device/{device.DeviceKey}" });
            attributes.Add(new() { Name = "dev:device_owner", Value = owner });
        }
        if (device.LastIpUsed is not null) attributes.Add(new() { Name = "last_ip_used", Value = device.LastIpUsed });
        if (admin)
        {
            attributes.Add(new() { Name = "dev:device_remembered_status", Value = device.Remembered ? Remembered : "not_remembered" });
            attributes.Add(new() { Name = "dev:device_sdk", Value = "aws-sdk" });
        }
        return new DeviceType(device.DeviceKey, attributes, Utc(device.CreatedAt), Utc(device.ModifiedAt), Utc(device.LastAuthenticatedAt));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
