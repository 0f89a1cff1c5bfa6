using CognitoLite.Core;
using CognitoLite.Core.Security;

namespace CognitoLite.Tests.Security;

/// <summary>
/// The lookup in an offline Pwned Passwords copy: the shipped test list (breached-passwords/, made by its generate.sh) and
/// folders written here for the edge cases of the layout.
/// </summary>
public sealed class BreachedPasswordsTests
{
    /// <summary>The small list the tests ship: five common passwords, each file padded with a count-0 line.</summary>
    public static string ShippedList
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "CognitoLite.sln")))
                    return Path.Combine(folder.FullName, "tests", "CognitoLite.Tests", "Security", "breached-passwords");
            throw new InvalidOperationException("CognitoLite.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static BreachedPasswords In(string? folder) =>
        new(new CognitoOptions { Security = new SecurityOptions { BreachedPasswordsPath = folder } });

    [Theory]
    [InlineData("Password123!")]
    [InlineData("Qwerty123!")]
    [InlineData("Welcome1!")]
    [InlineData("Summer2024!")]
    [InlineData("Letmein123!")]
    public async Task The_shipped_passwords_are_breached(string password) =>
        Assert.True(await In(ShippedList).Contains(password, CancellationToken.None));

    [Theory]
    [InlineData("Passw0rd!")]
    [InlineData("password123!")]
    [InlineData("Password123! ")]
    [InlineData("correct horse battery staple")]
    public async Task Other_passwords_are_not(string password) =>
        Assert.False(await In(ShippedList).Contains(password, CancellationToken.None));

    [Fact]
    public async Task Without_a_list_no_password_is_breached() =>
        Assert.False(await In(null).Contains("Password123!", CancellationToken.None));

    [Fact]
    public async Task Suffixes_match_in_either_case_a_count_of_zero_is_padding_and_a_missing_prefix_file_is_no_breach()
    {
        var folder = Directory.CreateTempSubdirectory("breached-").FullName;
        try
        {
            // SHA-1("hunter2") = F3BBBD66A63D4BF1747940578EC3D0103530E21D; SHA-1("monkey") = AB87D24BDC7452E55738DEB5F868E1F16DEA5ACE.
            await File.WriteAllTextAsync(Path.Combine(folder, "F3BBB.txt"), "0000000000000000000000000000000000A:3\nd66a63d4bf1747940578ec3d0103530e21d:17\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "AB87D.txt"), "24BDC7452E55738DEB5F868E1F16DEA5ACE:0\r\n");
            var list = In(folder);

            Assert.True(await list.Contains("hunter2", CancellationToken.None));
            Assert.False(await list.Contains("monkey", CancellationToken.None));
            Assert.False(await list.Contains("Password123!", CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_path_that_is_not_a_folder_stops_the_server_with_the_setting_named()
    {
        var options = new CognitoOptions { Security = new SecurityOptions { BreachedPasswordsPath = "/nonexistent/pwned" } };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Equal("CognitoLite:Security:BreachedPasswordsPath '/nonexistent/pwned' is not a folder.", error.Message);
    }
}
