using System.Text.Json;
using System.Text.Json.Nodes;
using CognitoLite.Core.Api;

namespace CognitoLite.Core.Passkeys;

/// <summary>StartWebAuthnRegistration's answer: the options for navigator.credentials.create, a JSON object with base64url binaries.</summary>
public sealed record StartWebAuthnRegistrationResponse(JsonObject CredentialCreationOptions);

public sealed record CompleteWebAuthnRegistrationRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    /// <summary>The browser's RegistrationResponseJSON, as an object.</summary>
    [Required] public JsonElement? Credential { get; init; }
}

public sealed record ListWebAuthnCredentialsRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Length(1, 131072), Pattern(@"[\S]+")] public string? NextToken { get; init; }
    [Range(0, 20)] public int? MaxResults { get; init; }
}

public sealed record WebAuthnCredentialDescription(
    string CredentialId,
    string FriendlyCredentialName,
    string RelyingPartyId,
    string? AuthenticatorAttachment,
    List<string> AuthenticatorTransports,
    DateTimeOffset CreatedAt);

public sealed record ListWebAuthnCredentialsResponse(List<WebAuthnCredentialDescription> Credentials, string? NextToken);

public sealed record DeleteWebAuthnCredentialRequest
{
    [Required, Pattern(@"[A-Za-z0-9-_=.]+"), Sensitive] public string? AccessToken { get; init; }
    [Required, Length(0, 131072)] public string? CredentialId { get; init; }
}
