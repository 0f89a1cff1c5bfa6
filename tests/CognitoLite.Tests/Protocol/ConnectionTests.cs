using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Protocol;

/// <summary>
/// A request refused for its size is answered with an AWS JSON error, and the client's keep-alive connection stays
/// usable: the next request on the same socket succeeds (spec/protocol.md §1).
/// </summary>
public sealed class ConnectionTests(KestrelHost<OnSqlite> fixture) : IClassFixture<KestrelHost<OnSqlite>>
{
    private const string ListUserPools = """{"MaxResults":1}""";

    [Fact]
    public async Task A_body_over_the_limit_is_answered_in_JSON_and_the_connection_stays_open()
    {
        using var connection = await RawConnection.Open(fixture.Host.Address);

        var large = Encoding.UTF8.GetBytes($$"""{"MaxResults":1,"Padding":"{{new string('a', 1_500_000)}}"}""");
        var refused = await connection.Post(large);
        Assert.Equal(413, refused.Status);
        Assert.Equal("RequestTooLargeException", JsonNode.Parse(refused.Body)!["__type"]!.GetValue<string>());

        var next = await connection.Post(Encoding.UTF8.GetBytes(ListUserPools));
        Assert.Equal(200, next.Status);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_answered_in_JSON_and_the_connection_stays_open()
    {
        using var connection = await RawConnection.Open(fixture.Host.Address);

        var refused = await connection.Post(Encoding.UTF8.GetBytes($$"""{"Padding":"{{new string('a', 1_500_000)}}"}"""), chunked: true);
        Assert.Equal(413, refused.Status);
        Assert.Equal("RequestTooLargeException", JsonNode.Parse(refused.Body)!["__type"]!.GetValue<string>());

        Assert.Equal(200, (await connection.Post(Encoding.UTF8.GetBytes(ListUserPools), chunked: true)).Status);
    }

    [Fact]
    public async Task Headers_over_the_limit_are_answered_in_JSON_and_the_connection_stays_open()
    {
        using var connection = await RawConnection.Open(fixture.Host.Address);

        var refused = await connection.Post(Encoding.UTF8.GetBytes(ListUserPools), extraHeader: $"X-Padding: {new string('a', 40_000)}");
        Assert.Equal(431, refused.Status);
        Assert.Equal("RequestTooLargeException", JsonNode.Parse(refused.Body)!["__type"]!.GetValue<string>());

        Assert.Equal(200, (await connection.Post(Encoding.UTF8.GetBytes(ListUserPools))).Status);
    }

    [Fact]
    public async Task An_unknown_path_with_a_body_is_answered_in_JSON_and_the_connection_stays_open()
    {
        using var connection = await RawConnection.Open(fixture.Host.Address);

        var refused = await connection.Post(new byte[500_000], path: "/nothing-here");
        Assert.Equal(404, refused.Status);
        Assert.Equal("UnknownOperationException", JsonNode.Parse(refused.Body)!["__type"]!.GetValue<string>());

        Assert.Equal(200, (await connection.Post(Encoding.UTF8.GetBytes(ListUserPools))).Status);
    }

    [Fact]
    public async Task A_broken_chunked_body_is_answered_in_JSON()
    {
        using var connection = await RawConnection.Open(fixture.Host.Address);

        var refused = await connection.Send(
            "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            keepAlive: false);

        Assert.Equal(400, refused.Status);
        Assert.Equal("BadRequestException", JsonNode.Parse(refused.Body)!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_large_Authorization_header_is_accepted_over_a_real_socket()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(ListUserPools, Encoding.UTF8, "application/x-amz-json-1.1") };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools");
        request.Headers.TryAddWithoutValidation("Authorization", new string('A', 8000));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>One keep-alive HTTP/1.1 connection, spoken by hand so a test knows both requests used the same socket.</summary>
    private sealed class RawConnection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;
        private readonly string _host;

        private RawConnection(TcpClient client, string host)
        {
            _client = client;
            _stream = client.GetStream();
            _host = host;
        }

        public static async Task<RawConnection> Open(Uri address)
        {
            var client = new TcpClient();
            await client.ConnectAsync(address.Host, address.Port);
            return new RawConnection(client, address.Authority);
        }

        public async Task<(int Status, string Body)> Post(byte[] body, bool chunked = false, string? extraHeader = null, string path = "/")
        {
            var head = new StringBuilder()
                .Append($"POST {path} HTTP/1.1\r\nHost: {_host}\r\n")
                .Append("Content-Type: application/x-amz-json-1.1\r\n")
                .Append("X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n")
                .Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n");
            if (extraHeader is not null) head.Append(extraHeader).Append("\r\n");
            head.Append("\r\n");
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            if (chunked)
            {
                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                {
                    var size = Math.Min(64 * 1024, body.Length - offset);
                    await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
                    await _stream.WriteAsync(body.AsMemory(offset, size));
                    await _stream.WriteAsync("\r\n"u8.ToArray());
                }
                await _stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            else
            {
                await _stream.WriteAsync(body);
            }
            return await ReadResponse(keepAlive: true);
        }

        /// <summary>A request written as given; the connection may close after the answer when <paramref name="keepAlive"/> is false.</summary>
        public async Task<(int Status, string Body)> Send(string request, bool keepAlive)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            return await ReadResponse(keepAlive);
        }

        private async Task<(int Status, string Body)> ReadResponse(bool keepAlive)
        {
            var headBytes = new List<byte>();
            var one = new byte[1];
            while (!EndsWithBlankLine(headBytes))
            {
                if (await _stream.ReadAsync(one) == 0) throw new IOException($"The server closed the connection after: {Encoding.ASCII.GetString(headBytes.ToArray())}");
                headBytes.Add(one[0]);
            }
            var lines = Encoding.ASCII.GetString(headBytes.ToArray()).Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            if (keepAlive) Assert.DoesNotContain(lines, l => l.Equals("Connection: close", StringComparison.OrdinalIgnoreCase));
            var length = int.Parse(lines.Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
            var body = new byte[length];
            await _stream.ReadExactlyAsync(body);
            return (status, Encoding.UTF8.GetString(body));
        }

        private static bool EndsWithBlankLine(List<byte> bytes) =>
            bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }
}
