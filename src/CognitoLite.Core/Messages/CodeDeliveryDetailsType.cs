namespace CognitoLite.Core.Messages;

public sealed record CodeDeliveryDetailsType(string Destination, string DeliveryMedium, string AttributeName)
{
    /// <summary>Cognito shows where a code went without revealing it: `j***@e***` or `+*******1234`.</summary>
    public static CodeDeliveryDetailsType For(string attributeName, string destination) => attributeName == "phone_number"
        ? new CodeDeliveryDetailsType(MaskPhone(destination), "SMS", attributeName)
        : new CodeDeliveryDetailsType(MaskEmail(destination), "EMAIL", attributeName);

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1) return "***";
        return $"{email[0]}***@{email[at + 1]}***";
    }

    private static string MaskPhone(string phone) =>
        phone.Length <= 4 ? "***" : "+" + new string('*', Math.Max(phone.Length - 5, 0)) + phone[^4..];
}
