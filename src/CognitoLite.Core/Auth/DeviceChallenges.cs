using System.Security.Cryptography;
using System.Text;
using CognitoLite.Core.Devices;
using CognitoLite.Core.Passwords;
using CognitoLite.Core.Storage;
using CognitoLite.Core.Users;

namespace CognitoLite.Core.Auth;

/// <summary>
/// A remembered device's proof at sign-in (spec/srp.md §6): DEVICE_SRP_AUTH, answered with the device's SRP_A, then
/// DEVICE_PASSWORD_VERIFIER, answered with a signature only the holder of the device's secret can make. As in USER_SRP_AUTH,
/// the server's b stays in the session (encrypted) and SECRET_BLOCK is the session's handle.
/// </summary>
public sealed class DeviceChallenges(
    CognitoDbContext db,
    UserDirectory directory,
    ChallengeSessions sessions,
    DeviceTracking devices,
    SecretProtector secrets,
    TimeProvider clock)
{
    public const string DeviceSrpAuth = "DEVICE_SRP_AUTH";
    public const string DevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER";
    private const string DeviceKey = "DEVICE_KEY";

    /// <summary>The user's first factor passed on a remembered device: the device proves itself before any second factor.</summary>
    public async Task<InitiateAuthResponse> Start(User user, AppClient client, Device device, CancellationToken ct)
    {
        var session = sessions.Start(user, client, DeviceSrpAuth, new() { [DeviceKey] = device.DeviceKey });
        await db.SaveChangesAsync(ct);
        return new InitiateAuthResponse(DeviceSrpAuth, session, new Dictionary<string, string> { ["USERNAME"] = user.Username }, null);
    }

    /// <summary>DEVICE_SRP_AUTH answered with the device's SRP_A: the DEVICE_PASSWORD_VERIFIER challenge, in a new session.</summary>
    public async Task<InitiateAuthResponse> Answer(UserPool pool, AppClient client, string? token, string username, Dictionary<string, string> responses,
        CancellationToken ct)
    {
        var srpA = AuthService.SrpA(responses);
        var deviceKey = AuthService.Required(responses, DeviceKey);
        var session = await sessions.Take(token, client, DeviceSrpAuth, ct);
        var user = await directory.SessionUser(pool, session, username, ct);
        if (session.Data[DeviceKey] != deviceKey) throw Errors.InvalidSession();
        // Forgotten while the challenge was open.
        var device = await devices.Find(pool, user.Id, deviceKey, ct) ?? throw Errors.DeviceNotFound();

        var (b, serverB) = Srp.ServerKeys(Srp.FromHex(device.SrpVerifier));
        var next = sessions.Start(user, client, DevicePasswordVerifier, new()
        {
            ["A"] = srpA,
            ["b"] = secrets.Protect(Srp.ToHex(b)),
            [DeviceKey] = device.DeviceKey,
        });
        await db.SaveChangesAsync(ct);
        return new InitiateAuthResponse(DevicePasswordVerifier, next, new Dictionary<string, string>
        {
            ["SALT"] = device.SrpSalt,
            ["SRP_B"] = Srp.ToHex(serverB),
            ["SECRET_BLOCK"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(next)),
            ["USERNAME"] = user.Username,
            [DeviceKey] = device.DeviceKey,
        }, null);
    }

    /// <summary>
    /// DEVICE_PASSWORD_VERIFIER answered: the user and the device (tracked), which proved that it holds the secret behind its
    /// verifier. A wrong proof, like an unknown or replayed SECRET_BLOCK, is a NotAuthorizedException.
    /// </summary>
    public async Task<(User User, Device Device)> Verify(UserPool pool, AppClient client, string username, Dictionary<string, string> responses,
        CancellationToken ct)
    {
        var block = AuthService.Required(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
        var signature = AuthService.Required(responses, "PASSWORD_CLAIM_SIGNATURE");
        var deviceKey = AuthService.Required(responses, DeviceKey);
        var timestamp = AuthService.Timestamp(responses, clock);

        AuthSession session;
        byte[] blockBytes, claimed;
        try
        {
            blockBytes = Convert.FromBase64String(block);
            claimed = Convert.FromBase64String(signature);
            session = await sessions.Take(Encoding.ASCII.GetString(blockBytes), client, DevicePasswordVerifier, ct);
        }
        catch (Exception e) when (e is FormatException or CognitoException)
        {
            throw Errors.IncorrectUsernameOrPassword();
        }
        var user = await directory.SessionUser(pool, session, username, ct);
        if (session.Data[DeviceKey] != deviceKey) throw Errors.InvalidSession();
        var device = await devices.Find(pool, user.Id, deviceKey, ct) ?? throw Errors.DeviceNotFound();

        var expected = DeviceTracking.ExpectedSignature(device, Srp.FromHex(session.Data["A"]), Srp.FromHex(secrets.Unprotect(session.Data["b"])),
            blockBytes, timestamp);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(expected, claimed)) throw Errors.IncorrectUsernameOrPassword();
        return (user, device);
    }
}
