using CognitoLite.Core.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace CognitoLite.Core.Messages;

public sealed record Message(string UserPoolId, string Username, string Destination, string Medium, string Kind, string? Code, string? Subject, string Body);

/// <summary>
/// Where every email and SMS goes: the log, the outbox table (read by the dev endpoint) and, for email,
/// SMTP when it is configured. In production mode the code is kept out of the log and the outbox.
/// </summary>
public sealed partial class MessageSink(CognitoDbContext db, CognitoOptions options, UserPoolLogs logs, TimeProvider clock, ILogger<MessageSink> logger)
{
    /// <summary>Adds the message to the outbox in the current unit of work and delivers it.</summary>
    public async Task Send(Message message, CancellationToken ct)
    {
        var redact = options.Production && message.Code is not null;
        var body = redact ? message.Body.Replace(message.Code!, "******", StringComparison.Ordinal) : message.Body;
        db.Outbox.Add(new OutboxMessage
        {
            UserPoolId = message.UserPoolId,
            Username = message.Username,
            Destination = message.Destination,
            Medium = message.Medium,
            Kind = message.Kind,
            Code = redact ? null : message.Code,
            Subject = message.Subject,
            Body = body,
            SentAt = clock.GetUtcNow().UtcDateTime,
        });
        Sent(logger, message.Kind, message.Medium, message.Destination, message.UserPoolId, message.Username, body);

        if (message.Medium == "EMAIL" && !string.IsNullOrEmpty(options.Smtp.Host))
            await SendEmail(message, ct);
    }

    private async Task SendEmail(Message message, CancellationToken ct)
    {
        var smtp = options.Smtp;
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.Destination));
        mail.Subject = message.Subject ?? "Your verification code";
        mail.Body = new TextPart("plain") { Text = message.Body };
        try
        {
            using var client = new SmtpClient();
            var security = smtp.Security switch
            {
                "none" => SecureSocketOptions.None,
                "tls" => SecureSocketOptions.SslOnConnect,
                "starttls" => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
            if (!string.IsNullOrEmpty(smtp.Username)) await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
            await client.SendAsync(mail, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException)
        {
            SmtpFailed(logger, e, message.Destination);
            const string failure = "Unable to deliver the message by email.";
            logs.DeliveryFailed(message.UserPoolId, message.Username, message.Medium, message.Kind, failure);
            throw Errors.CodeDeliveryFailure(failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Medium} to {Destination} (pool {UserPoolId}, user {Username}): {Body}")]
    private static partial void Sent(ILogger logger, string kind, string medium, string destination, string userPoolId, string username, string body);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMTP delivery to {Destination} failed")]
    private static partial void SmtpFailed(ILogger logger, Exception error, string destination);
}
