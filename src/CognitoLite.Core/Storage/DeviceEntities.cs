using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>
/// A device a user confirmed (ConfirmDevice): its key (`&lt;region&gt;_&lt;uuid&gt;`), its group key and the SRP salt and
/// verifier of the device's own secret (hex, padHex-normalised, as a user's are), with which it signs in
/// (DEVICE_SRP_AUTH). A key issued at a sign-in has no row until it is confirmed; forgetting a device deletes its row.
/// </summary>
public sealed class Device
{
    public required string DeviceKey { get; init; }
    public Guid UserId { get; init; }
    public required string DeviceGroupKey { get; init; }
    public string? DeviceName { get; init; }
    public required string SrpSalt { get; init; }
    public required string SrpVerifier { get; init; }
    /// <summary>Remembered devices sign in with device SRP (and may skip MFA); the others are only tracked.</summary>
    public bool Remembered { get; set; }
    public string? LastIpUsed { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime ModifiedAt { get; set; }
    public DateTime LastAuthenticatedAt { get; set; }
}

internal static class DeviceModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Device>(device =>
        {
            device.HasKey(d => d.DeviceKey);
            device.Property(d => d.DeviceKey).HasMaxLength(55);
            device.Property(d => d.DeviceGroupKey).HasMaxLength(16);
            device.Property(d => d.DeviceName).HasMaxLength(1024);
            device.Property(d => d.LastIpUsed).HasMaxLength(64);
            // ListDevices walks a user's devices by key.
            device.HasIndex(d => new { d.UserId, d.DeviceKey });
            device.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // A refresh token issued with a device key works only with that key, while the device is confirmed.
        modelBuilder.Entity<RefreshToken>().Property(t => t.DeviceKey).HasMaxLength(55);
    }
}
