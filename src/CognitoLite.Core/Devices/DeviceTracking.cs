using System.Numerics;
using CognitoLite.Core.Api;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Security;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Devices;

/// <summary>
/// Devices at sign-in (spec/devices-passkeys-security.md §1): whether a pool tracks them, the key a new device gets, the
/// user's device a DEVICE_KEY names, and the SRP proof of a remembered device (DEVICE_PASSWORD_VERIFIER). Used by Auth.
/// </summary>
public sealed class DeviceTracking(CognitoDbContext db, SecretProtector secrets, RequestSource source, TimeProvider clock)
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The device key of refresh tokens whose device was forgotten: no device key (it has no underscore) matches it.</summary>
    public const string Forgotten = "forgotten";

    /// <summary>A pool tracks devices when its DeviceConfiguration is there at all, whatever its two flags say.</summary>
    public static bool On(UserPool pool) => pool.Settings.DeviceConfiguration is not null;

    /// <summary>A remembered device that proved itself stands in for SMS and TOTP codes when the pool says so.</summary>
    public static bool ReplacesMfa(UserPool pool) => pool.Settings.DeviceConfiguration?.ChallengeRequiredOnNewDevice == true;

    /// <summary>
    /// The user's confirmed device a sign-in's DEVICE_KEY names (tracked, so that the sign-in records its use), or null when the
    /// pool tracks no devices or the client sent no key. Any other key is refused, before the password is checked: clients
    /// then drop the key and sign in again without it.
    /// </summary>
    public async Task<Device?> Named(UserPool pool, Guid userId, string? deviceKey, CancellationToken ct)
    {
        var device = await Find(pool, userId, deviceKey, ct);
        if (device is null && On(pool) && !string.IsNullOrEmpty(deviceKey)) throw Errors.DeviceNotFound();
        return device;
    }

    /// <summary>The user's confirmed device with this key (tracked), or null, in a pool that tracks devices.</summary>
    public async Task<Device?> Find(UserPool pool, Guid userId, string? deviceKey, CancellationToken ct) =>
        On(pool) && !string.IsNullOrEmpty(deviceKey)
            ? await db.Devices.FirstOrDefaultAsync(d => d.DeviceKey == deviceKey && d.UserId == userId, ct)
            : null;

    /// <summary>What a sign-in on a new device is given: a new key, `&lt;region&gt;_&lt;uuid&gt;`, and the user's group key.</summary>
    public NewDeviceMetadataType NewDevice(UserPool pool, User user) => new($"{Ids.RegionOf(pool.Id)}_{Guid.NewGuid()}", GroupKey(user));

    /// <summary>
    /// The group key of a user's devices: `-` and eight letters or digits, as AWS's look. Derived from the user, so ConfirmDevice
    /// knows the one the sign-in gave without a row for a device that may never be confirmed.
    /// </summary>
    public string GroupKey(User user) =>
        "-" + string.Concat(Convert.FromHexString(secrets.Mac($"device group|{user.Id:N}"))[..8].Select(b => Alnum[b % Alnum.Length]));

    /// <summary>The device signed in: when and from where, saved with what the sign-in saves.</summary>
    public void Used(Device device)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        device.LastAuthenticatedAt = now;
        device.ModifiedAt = now;
        device.LastIpUsed = source.Address?.ToString() ?? device.LastIpUsed;
    }

    /// <summary>
    /// The PASSWORD_CLAIM_SIGNATURE a device's DEVICE_PASSWORD_VERIFIER answer must carry: the user's SRP with the group key in
    /// the pool name's place and the device key in the user's (spec/srp.md §6); null when A or u is degenerate.
    /// </summary>
    public static byte[]? ExpectedSignature(Device device, BigInteger a, BigInteger b, byte[] secretBlock, string timestamp) =>
        Srp.ExpectedSignature(device.DeviceGroupKey, device.DeviceKey, a, b, Srp.FromHex(device.SrpVerifier), secretBlock, timestamp);
}
