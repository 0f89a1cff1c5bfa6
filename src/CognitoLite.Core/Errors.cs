namespace CognitoLite.Core;

/// <summary>An error a Cognito client can see: the AWS error type (the bare shape name) and message.</summary>
public sealed class CognitoException(string type, string message, int status = 400) : Exception(message)
{
    public string Type { get; } = type;
    public int Status { get; } = status;
}

/// <summary>
/// The one catalogue of Cognito error types. HTTP statuses follow the Smithy model
/// (spec/protocol.md §1); clients dispatch on the type, retries look at the status.
/// </summary>
public static class Errors
{
    // Protocol-level errors, shared by every AWS JSON service.
    public static CognitoException UnknownOperation(string message, int status = 400) => new("UnknownOperationException", message, status);
    public static CognitoException Serialization(string message) => new("SerializationException", message);
    // HTTP-level refusals before any operation runs: a request (body, headers or target) over the server's limits, and
    // requests HTTP itself rejects (a broken chunked body, a client too slow to send). Named as AWS's JSON services name them.
    public static CognitoException RequestTooLarge(string message, int status = 413) => new("RequestTooLargeException", message, status);
    public static CognitoException BadRequest(string message, int status = 400) => new("BadRequestException", message, status);
    public static CognitoException InternalError(string message) => new("InternalErrorException", message, 500);

    // Authentication of the caller (SigV4 on admin operations), named as AWS's JSON services name them.
    public static CognitoException MissingAuthenticationToken(string message) => new("MissingAuthenticationTokenException", message, 403);
    public static CognitoException IncompleteSignature(string message) => new("IncompleteSignatureException", message, 403);
    public static CognitoException UnrecognizedClient(string message) => new("UnrecognizedClientException", message, 403);
    public static CognitoException InvalidSignature(string message) => new("InvalidSignatureException", message, 403);

    // The OAuth 2.0 endpoints answer RFC 6749 §5.2 / RFC 6750 §3.1 error codes instead of AWS types; the type is the code.
    public static CognitoException OAuthInvalidRequest(string message) => new("invalid_request", message);
    public static CognitoException OAuthInvalidClient(string message = "Client authentication failed.") => new("invalid_client", message, 401);
    public static CognitoException OAuthInvalidGrant(string message) => new("invalid_grant", message);
    public static CognitoException OAuthUnauthorizedClient(string message) => new("unauthorized_client", message);
    public static CognitoException OAuthUnsupportedGrantType(string message) => new("unsupported_grant_type", message);
    public static CognitoException OAuthInvalidScope(string message) => new("invalid_scope", message);
    public static CognitoException OAuthUnsupportedTokenType(string message) => new("unsupported_token_type", message);
    public static CognitoException OAuthInvalidToken(string message) => new("invalid_token", message, 401);

    // Service errors.
    public static CognitoException InvalidParameter(string message) => new("InvalidParameterException", message);
    public static CognitoException ResourceNotFound(string message) => new("ResourceNotFoundException", message, 404);
    public static CognitoException NotAuthorized(string message) => new("NotAuthorizedException", message, 403);
    public static CognitoException LimitExceeded(string message) => new("LimitExceededException", message);
    public static CognitoException ScopeDoesNotExist(string message) => new("ScopeDoesNotExistException", message);
    public static CognitoException InvalidOAuthFlow(string message) => new("InvalidOAuthFlowException", message);
    public static CognitoException UsernameExists(string message) => new("UsernameExistsException", message);
    public static CognitoException UserNotFound(string message = "User does not exist.") => new("UserNotFoundException", message, 404);
    public static CognitoException InvalidPassword(string message) => new("InvalidPasswordException", message);
    public static CognitoException CodeMismatch(string message = "Invalid verification code provided, please try again.") => new("CodeMismatchException", message);
    public static CognitoException ExpiredCode(string message = "Invalid code provided, please request a code again.") => new("ExpiredCodeException", message);
    public static CognitoException TooManyFailedAttempts(string message) => new("TooManyFailedAttemptsException", message);
    public static CognitoException AliasExists(string message = "An account with the given email already exists.") => new("AliasExistsException", message);
    public static CognitoException UnsupportedUserState(string message) => new("UnsupportedUserStateException", message);
    public static CognitoException FeatureUnavailableInTier(string message) => new("FeatureUnavailableInTierException", message);
    public static CognitoException UserNotConfirmed(string message = "User is not confirmed.") => new("UserNotConfirmedException", message);
    public static CognitoException PasswordResetRequired(string message = "Password reset required for the user") => new("PasswordResetRequiredException", message);
    public static CognitoException CodeDeliveryFailure(string message) => new("CodeDeliveryFailureException", message);
    public static CognitoException UnsupportedTokenType(string message) => new("UnsupportedTokenTypeException", message);
    public static CognitoException UnsupportedOperation(string message) => new("UnsupportedOperationException", message);
    public static CognitoException Unauthorized(string message) => new("UnauthorizedException", message, 401);
    /// <summary>A refresh token that rotation replaced, presented after its retry grace period.</summary>
    public static CognitoException RefreshTokenReuse(string message = "Refresh Token has been reused") => new("RefreshTokenReuseException", message);

    // Errors Cognito words the same way in several operations, each worded here once.
    public static CognitoException IncorrectUsernameOrPassword() => NotAuthorized("Incorrect username or password.");
    public static CognitoException PasswordAttemptsExceeded() => NotAuthorized("Password attempts exceeded");
    public static CognitoException UserDisabled() => NotAuthorized("User is disabled.");
    public static CognitoException InvalidSession() => NotAuthorized("Invalid session for the user.");
    public static CognitoException InvalidAccessToken() => NotAuthorized("Invalid Access Token");
    public static CognitoException AccessTokenExpired() => NotAuthorized("Access Token has expired");
    public static CognitoException InvalidRefreshToken() => NotAuthorized("Invalid Refresh Token");
    public static CognitoException UnauthorizedAttributeWrite() => NotAuthorized("A client attempted to write unauthorized attribute");
    public static CognitoException UserCannotBeConfirmed(string status) => NotAuthorized($"User cannot be confirmed. Current status is {status}");
    public static CognitoException UsernameClientIdNotFound() => UserNotFound("Username/client id combination not found.");
    public static CognitoException UserAlreadyExists() => UsernameExists("User already exists");
    public static string AccountExists(string attribute) => $"An account with the given {attribute} already exists.";
    public static CognitoException UserPoolNotFound(string userPoolId) => ResourceNotFound($"User pool {userPoolId} does not exist.");
    public static CognitoException AppClientNotFound(string clientId) => ResourceNotFound($"User pool client {clientId} does not exist.");
    public static CognitoException InitiateAuthMethodNotSupported() => InvalidParameter("Initiate Auth method not supported.");
    public static CognitoException NotSupportedYet(string what) => InvalidParameter($"{what} is not supported yet by CognitoLite.");
    public static CognitoException NotVerifiableAttribute(string name) =>
        InvalidParameter($"Invalid attribute name: {name}. Only email and phone_number can be verified.");
    public static CognitoException NoRecoveryDestination() =>
        InvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
    public static CognitoException AttributeNotInSchema(string name) =>
        InvalidParameter($"Attributes did not conform to the schema: {name}: Attribute does not exist in the schema.\n");
    public static CognitoException RequiredAttribute(string name) =>
        InvalidParameter($"Attributes did not conform to the schema: {name}: The attribute {name} is required\n");

    // Why an identity token (a Logins value, a web identity) was refused; cognito-identity and STS each raise them as their own error type.
    public const string NotAnIdentityToken = "Not a valid OpenId Connect identity token.";
    public const string TokenNotVerified = "Couldn't verify signed token.";
    public const string WrongTokenAudience = "Incorrect token audience.";
    public const string IssuerNotProviderName = "Issuer doesn't match providerName";
    public static string MissingClaim(string claim) => $"Missing a required claim: {claim}";
    public static string TokenExpired(long expiresAt, long now) => $"Token expired: {expiresAt} >= {now}";

    // STS (Query protocol): the Code on the wire is the bare name; statuses as STS answers them (spec/protocol.md §4).
    public static CognitoException InternalFailure(string message) => new("InternalFailure", message, 500);
    public static CognitoException MissingParameter(string message) => new("MissingParameter", message);
    public static CognitoException InvalidAction(string message) => new("InvalidAction", message);
    public static CognitoException MissingAction(string message = "Missing Action") => new("MissingAction", message);
    public static CognitoException StsValidation(string message) => new("ValidationError", message);
    public static CognitoException StsInvalidParameterValue(string message) => new("InvalidParameterValue", message);
    public static CognitoException InvalidIdentityToken(string message) => new("InvalidIdentityToken", message);
    public static CognitoException ExpiredWebIdentityToken(string message) => new("ExpiredTokenException", message);
    public static CognitoException IdpCommunicationError(string message) => new("IDPCommunicationError", message);
    public static CognitoException AccessDenied(string message) => new("AccessDenied", message, 403);
    public static CognitoException MalformedPolicyDocument(string message = "Syntax errors in policy.") => new("MalformedPolicyDocument", message);
    public static CognitoException IssuedForUnknownRole() => InternalError("An issued credential names an invalid role.");

    // Requests signed with temporary credentials we issued, as AWS's JSON services name the failures (the decision
    // endpoint); STS words the same failures differently, see InQueryProtocol.
    public static CognitoException ExpiredToken(string message = "The security token included in the request is expired") => new("ExpiredTokenException", message, 403);
    public static CognitoException AccessDeniedException(string message) => new("AccessDeniedException", message, 403);

    /// <summary>
    /// A failure to authenticate the caller as STS (and every Query-protocol service) names it: SigV4Verifier and
    /// TemporaryCredentials.Authenticate speak the JSON
    /// services' names, the meaning is the same.
    /// </summary>
    public static CognitoException InQueryProtocol(CognitoException error) => error.Type switch
    {
        "MissingAuthenticationTokenException" => new("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
        "IncompleteSignatureException" => new("IncompleteSignature", error.Message, 400),
        "UnrecognizedClientException" => new("InvalidClientTokenId", error.Message, 403),
        "InvalidSignatureException" => new("SignatureDoesNotMatch", error.Message, 403),
        "ExpiredTokenException" => new("ExpiredToken", error.Message, 403),
        _ => error,
    };

    // Identity pools (cognito-identity).
    /// <summary>cognito-identity's name for a request that breaks the API model's constraints (cognito-idp says InvalidParameterException).</summary>
    public static CognitoException Validation(string message) => new("ValidationException", message);
    public static CognitoException ResourceConflict(string message) => new("ResourceConflictException", message, 409);
    public static CognitoException InvalidIdentityPoolConfiguration(string message = "Invalid identity pool configuration. Check assigned IAM roles for this pool.") =>
        new("InvalidIdentityPoolConfigurationException", message);
    public static CognitoException DeveloperUserAlreadyRegistered(string message) => new("DeveloperUserAlreadyRegisteredException", message);
    public static CognitoException ExternalService(string message) => new("ExternalServiceException", message);

    // Multi-factor authentication.
    public static CognitoException EnableSoftwareTokenMfa(string message = "Code mismatch and fail enable Software Token MFA") => new("EnableSoftwareTokenMFAException", message);
    public static CognitoException SoftwareTokenMfaNotFound(string message) => new("SoftwareTokenMFANotFoundException", message);
    public static CognitoException MfaMethodNotFound(string message) => new("MFAMethodNotFoundException", message);

    // Lambda triggers (spec/user-pools.md §11), worded as Cognito words them, with the trigger's name ("PreSignUp").
    /// <summary>The function answered with an error: the caller sees its message.</summary>
    public static CognitoException UserLambdaValidation(string trigger, string message) =>
        new("UserLambdaValidationException", $"{trigger} failed with error {message}.");
    /// <summary>The function answered, but not with a JSON event of the trigger's shape.</summary>
    public static CognitoException InvalidLambdaResponse(string message = "Unrecognizable lambda output") => new("InvalidLambdaResponseException", message);
    /// <summary>The function could not be invoked: missing, unreachable, throttled, or silent past every attempt.</summary>
    public static CognitoException UnexpectedLambda(string trigger, string error) =>
        new("UnexpectedLambdaException", $"{trigger} invocation failed due to error {error}.");
    /// <summary>CUSTOM_AUTH in a pool without the define (or create, or verify) auth challenge function it needs.</summary>
    public static CognitoException CustomAuthNotConfigured() => InvalidParameter("Custom auth lambda trigger is not configured for the user pool.");
    /// <summary>A custom sender in production mode: Cognito encrypts the code with AWS KMS, which CognitoLite does not have.</summary>
    public static CognitoException CustomSenderNeedsKms(string trigger) =>
        InvalidParameter($"{trigger} needs AWS KMS to encrypt codes, which CognitoLite does not have: custom senders work in development mode only.");

    /// <summary>
    /// SAML sign-in (Federation/Saml*.cs): why a SAML response or request was refused. A refused response reaches the app's
    /// callback as error=server_error with this description: Cognito's prefix, then the reason (the signature reason is
    /// Cognito's own wording, the others are modelled on it).
    /// </summary>
    public static class Saml
    {
        private const string Invalid = "Invalid SAML response received: ";
        public const string TooLong = Invalid + "SAML response is longer than 100000 characters.";
        /// <summary>Cognito's answer to a Response it did not ask for (or whose RelayState it cannot place) when IDPInit is off.</summary>
        public const string InvalidRelayState = "Invalid samlResponse or relayState from identity provider";
        public const string Malformed = Invalid + "SAML response is not well-formed XML.";
        public const string NotAResponse = Invalid + "SAML response is not a SAML 2.0 Response.";
        public const string DuplicateIds = Invalid + "SAML response contains duplicate IDs.";
        public const string WrongIssuer = Invalid + "Issuer does not match the identity provider's entity ID.";
        public const string WrongDestination = Invalid + "Destination does not match the ACS URL.";
        public const string WrongInResponseTo = Invalid + "InResponseTo does not match the SAML request.";
        public const string NotOneAssertion = Invalid + "SAML response must contain exactly one Assertion.";
        public const string EncryptedAssertion = Invalid + "Encrypted assertions are not supported.";
        public const string NotSigned = Invalid + "SAML Assertion is not signed.";
        public const string SignatureInvalid = Invalid + "SAML Assertion signature is invalid.";
        public const string SignatureAlgorithm = Invalid +
            "SAML signature must use RSA with SHA-256 or stronger, exclusive canonicalization and the enveloped-signature transform.";
        public const string NameIdMissing = Invalid + "SAML Assertion has no Subject NameID.";
        public const string NotYetValid = Invalid + "SAML Assertion is not yet valid.";
        public const string Expired = Invalid + "SAML Assertion has expired.";
        public const string NoBearerConfirmation = Invalid + "SAML Assertion has no bearer SubjectConfirmation.";
        public const string WrongRecipient = Invalid + "SubjectConfirmationData Recipient does not match the ACS URL.";
        public const string Replayed = Invalid + "SAML Assertion has already been used.";
        public static string Status(string code) => Invalid + $"SAML response status is {code}.";
        public static string WrongAudience(string audience) => Invalid + $"SAML Assertion is not for audience {audience}.";

        public const string NoSsoRedirectBinding = "No SingleSignOn Http redirect binding location found in metadata.";
        public const string NoSloRedirectBinding = "No SingleLogout Http redirect binding location found in metadata.";
    }

    // OAuth management: managed login branding and terms documents.
    public static CognitoException ManagedLoginBrandingExists(string message) => new("ManagedLoginBrandingExistsException", message);
    public static CognitoException TermsExists(string message) => new("TermsExistsException", message);

    // Federation: a pool's external identity providers.
    public static CognitoException DuplicateProvider(string message) => new("DuplicateProviderException", message);
    public static CognitoException UnsupportedIdentityProvider(string message) => new("UnsupportedIdentityProviderException", message);
    public static CognitoException ProviderExists(string providerName, string userPoolId) =>
        DuplicateProvider($"{providerName} already exists in user pool {userPoolId}");

    // Threat protection (spec/devices-passkeys-security.md §3). The refusals' messages are those apps report seeing from
    // Cognito: a blocked IP range, an adaptive-authentication block, a breached password.
    public static CognitoException UserPoolAddOnNotEnabled() => new("UserPoolAddOnNotEnabledException", "Advanced security features are not enabled for this user pool.");
    public static CognitoException RequestBlocked() => NotAuthorized("Request not allowed due to security reasons.");
    public static CognitoException SignInBlocked() => NotAuthorized("Unable to login because of security reasons.");
    public static CognitoException CompromisedPassword() => InvalidPassword("Provided password cannot be used for security reasons.");
    // Devices. amazon-cognito-identity-js and Amplify drop their device key and sign in again on a ResourceNotFoundException
    // whose message says "Device does not exist.".
    public static CognitoException DeviceNotFound() => ResourceNotFound("Device does not exist.");
    public static CognitoException DeviceKeyExists() => new("DeviceKeyExistsException", "Device already exists.");
    // Passkeys (WebAuthn): registration and the pool's relying party.
    public static CognitoException WebAuthnNotEnabled(string message = "Passkeys are not enabled for this user pool.") => new("WebAuthnNotEnabledException", message);
    public static CognitoException WebAuthnConfigurationMissing(string message = "The user pool has neither a relying party id nor a domain for passkeys.") =>
        new("WebAuthnConfigurationMissingException", message);
    public static CognitoException WebAuthnChallengeNotFound(string message = "The passkey registration challenge was not found or has expired.") =>
        new("WebAuthnChallengeNotFoundException", message);
    public static CognitoException WebAuthnClientMismatch(string message = "The access token is from another app client than the one that started the passkey registration.") =>
        new("WebAuthnClientMismatchException", message);
    public static CognitoException WebAuthnRelyingPartyMismatch(string message = "The passkey credential is for another relying party than the user pool's.") =>
        new("WebAuthnRelyingPartyMismatchException", message);
    public static CognitoException WebAuthnOriginNotAllowed(string message) => new("WebAuthnOriginNotAllowedException", message);
    public static CognitoException WebAuthnCredentialNotSupported(string message) => new("WebAuthnCredentialNotSupportedException", message);
    // User import jobs (Import/).
    public static CognitoException PreconditionNotMet(string message) => new("PreconditionNotMetException", message);
    /// <summary>A change to a pool (its settings, attributes, existence) while one of its import jobs runs.</summary>
    public static CognitoException UserImportInProgress(string message = "A user import job is in progress for this user pool.") =>
        new("UserImportInProgressException", message);
}
