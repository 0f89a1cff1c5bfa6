using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CognitoLite.Core.Storage;

/// <summary>Encrypts secrets at rest (client secrets, signing keys, TOTP seeds) with AES-256-GCM under the master key.</summary>
public sealed class SecretProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;
    private readonly byte[] _macKey;

    public SecretProtector(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("The master key must be 32 bytes.", nameof(key));
        _key = key;
        _macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: "cognitolite-mac"u8.ToArray());
    }

    /// <summary>
    /// How random bearer secrets (refresh tokens, challenge sessions, STS session tokens) are stored: their SHA-256, so
    /// a row can be found by the secret but the table does not give the secret away. They carry enough entropy that no
    /// key is needed.
    /// </summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A keyed hash for low-entropy secrets (6-digit codes): without the master key the hashes cannot be brute-forced offline.</summary>
    public string Mac(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_macKey, Encoding.UTF8.GetBytes(value)));

    /// <summary>Stored in the database (MasterKeyCheck) to tell, at start-up, whether this is the key its secrets were encrypted with.</summary>
    public string KeyCheck => Mac("cognitolite master key check");

    /// <summary>
    /// Stores this key's check value in a new database, or compares it with the stored one: one query at every start.
    /// </summary>
    public async Task VerifyKeyAsync(CognitoDbContext db, CancellationToken ct)
    {
        var stored = await StoredKeyCheck(db, ct);
        if (stored is null)
        {
            // Plain SQL rather than Add and SaveChanges, which would set up EF's change tracking and update pipeline for
            // this one row at the start of every new database. Another instance starting on the same new database at the
            // same moment may insert first: its key must be ours.
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "MasterKeyChecks" ("Id", "Value") VALUES (1, {KeyCheck}) ON CONFLICT ("Id") DO NOTHING""", ct);
            stored = await StoredKeyCheck(db, ct) ?? throw new InvalidOperationException("The master key check was not stored.");
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(KeyCheck)))
            throw new InvalidOperationException(
                "the database's secrets were encrypted with another master key. Every instance on one database needs the same key: "
                + "set CognitoLite:EncryptionKey to the one the others use (in development mode each data folder generates its own, <DataDir>/master.key).");
    }

    private static Task<string?> StoredKeyCheck(CognitoDbContext db, CancellationToken ct) =>
        db.MasterKeyChecks.AsNoTracking().Where(c => c.Id == 1).Select(c => (string?)c.Value).FirstOrDefaultAsync(ct);

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length));
        return Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedText)
    {
        var input = Convert.FromBase64String(protectedText);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, plain.Length), input.AsSpan(NonceSize + plain.Length), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The configured key, or in development mode one generated once into the data folder.</summary>
    public static byte[] LoadKey(CognitoOptions options)
    {
        if (!string.IsNullOrEmpty(options.EncryptionKey))
        {
            byte[] key;
            try { key = Convert.FromBase64String(options.EncryptionKey); }
            catch (FormatException) { throw new InvalidOperationException("CognitoLite:EncryptionKey must be base64 of 32 bytes."); }
            return key.Length == 32 ? key : throw new InvalidOperationException("CognitoLite:EncryptionKey must be base64 of 32 bytes.");
        }
        var path = Path.Combine(options.CreateDataDir(), "master.key");
        try
        {
            if (File.Exists(path)) return ReadKeyFile(path);
            var generated = RandomNumberGenerator.GetBytes(32);
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(generated)));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                return generated;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
                return ReadKeyFile(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw options.DataDirUnusable(e);
        }
    }

    private static byte[] ReadKeyFile(string path)
    {
        var key = new byte[32];
        if (Convert.TryFromBase64String(File.ReadAllText(path).Trim(), key, out var length) && length == key.Length) return key;
        throw new InvalidOperationException($"{Path.GetFullPath(path)} is not a master key (base64 of 32 bytes): restore it, or set CognitoLite:EncryptionKey.");
    }
}
