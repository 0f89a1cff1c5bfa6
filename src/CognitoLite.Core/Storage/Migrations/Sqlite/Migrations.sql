CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

CREATE TABLE "Outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY AUTOINCREMENT,
    "UserPoolId" TEXT NOT NULL,
    "Username" TEXT NOT NULL,
    "Destination" TEXT NOT NULL,
    "Medium" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Code" TEXT NULL,
    "Subject" TEXT NULL,
    "Body" TEXT NOT NULL,
    "SentAt" TEXT NOT NULL
);

CREATE TABLE "UserPools" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_UserPools" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    "Settings" TEXT NOT NULL
);

CREATE TABLE "AppClients" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AppClients" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "SecretCipher" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    "Settings" TEXT NOT NULL,
    CONSTRAINT "FK_AppClients_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Groups" (
    "UserPoolId" TEXT NOT NULL,
    "GroupName" TEXT NOT NULL,
    "Description" TEXT NULL,
    "RoleArn" TEXT NULL,
    "Precedence" INTEGER NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "PK_Groups" PRIMARY KEY ("UserPoolId", "GroupName"),
    CONSTRAINT "FK_Groups_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SigningKeys" (
    "Kid" TEXT NOT NULL CONSTRAINT "PK_SigningKeys" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "PrivateKeyCipher" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_SigningKeys_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "Username" TEXT NOT NULL,
    "UsernameKey" TEXT NOT NULL,
    "Sub" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "Attributes" TEXT NOT NULL,
    "EmailAliasKey" TEXT NULL,
    "PhoneAliasKey" TEXT NULL,
    "PreferredUsernameKey" TEXT NULL,
    "Email" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "Name" TEXT NULL,
    "GivenName" TEXT NULL,
    "FamilyName" TEXT NULL,
    "PreferredUsername" TEXT NULL,
    "PasswordHash" TEXT NULL,
    "SrpSalt" TEXT NULL,
    "SrpVerifier" TEXT NULL,
    "FailedSignInAttempts" INTEGER NOT NULL,
    "TemporaryPasswordExpiresAt" TEXT NULL,
    "LockedUntil" TEXT NULL,
    "SmsMfaEnabled" INTEGER NOT NULL,
    "SoftwareTokenMfaEnabled" INTEGER NOT NULL,
    "EmailMfaEnabled" INTEGER NOT NULL,
    "PreferredMfa" TEXT NULL,
    "SoftwareTokenSecretCipher" TEXT NULL,
    "PendingSoftwareTokenSecretCipher" TEXT NULL,
    "SoftwareTokenLastStep" INTEGER NOT NULL,
    "SoftwareTokenDeviceName" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Users_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AuthSessions" (
    "TokenHash" TEXT NOT NULL CONSTRAINT "PK_AuthSessions" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "ChallengeName" TEXT NOT NULL,
    "Data" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    CONSTRAINT "FK_AuthSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "GroupMemberships" (
    "UserPoolId" TEXT NOT NULL,
    "GroupName" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_GroupMemberships" PRIMARY KEY ("UserPoolId", "GroupName", "UserId"),
    CONSTRAINT "FK_GroupMemberships_Groups_UserPoolId_GroupName" FOREIGN KEY ("UserPoolId", "GroupName") REFERENCES "Groups" ("UserPoolId", "GroupName") ON DELETE CASCADE,
    CONSTRAINT "FK_GroupMemberships_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RefreshTokens" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RefreshTokens" PRIMARY KEY,
    "TokenHash" TEXT NOT NULL,
    "OriginJti" TEXT NOT NULL,
    "UserPoolId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "AuthTime" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_RefreshTokens_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "VerificationCodes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VerificationCodes" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "FailedAttempts" INTEGER NOT NULL,
    "PendingValue" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_VerificationCodes_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AppClients_UserPoolId" ON "AppClients" ("UserPoolId");

CREATE INDEX "IX_AuthSessions_UserId" ON "AuthSessions" ("UserId");

CREATE INDEX "IX_GroupMemberships_UserId" ON "GroupMemberships" ("UserId");

CREATE INDEX "IX_Outbox_UserPoolId_Username_Id" ON "Outbox" ("UserPoolId", "Username", "Id");

CREATE UNIQUE INDEX "IX_RefreshTokens_OriginJti" ON "RefreshTokens" ("OriginJti");

CREATE UNIQUE INDEX "IX_RefreshTokens_TokenHash" ON "RefreshTokens" ("TokenHash");

CREATE INDEX "IX_RefreshTokens_UserId" ON "RefreshTokens" ("UserId");

CREATE INDEX "IX_SigningKeys_UserPoolId" ON "SigningKeys" ("UserPoolId");

CREATE UNIQUE INDEX "IX_Users_UserPoolId_EmailAliasKey" ON "Users" ("UserPoolId", "EmailAliasKey");

CREATE INDEX "IX_Users_UserPoolId_Email_UsernameKey" ON "Users" ("UserPoolId", "Email", "UsernameKey");

CREATE INDEX "IX_Users_UserPoolId_FamilyName_UsernameKey" ON "Users" ("UserPoolId", "FamilyName", "UsernameKey");

CREATE INDEX "IX_Users_UserPoolId_GivenName_UsernameKey" ON "Users" ("UserPoolId", "GivenName", "UsernameKey");

CREATE INDEX "IX_Users_UserPoolId_Name_UsernameKey" ON "Users" ("UserPoolId", "Name", "UsernameKey");

CREATE UNIQUE INDEX "IX_Users_UserPoolId_PhoneAliasKey" ON "Users" ("UserPoolId", "PhoneAliasKey");

CREATE INDEX "IX_Users_UserPoolId_PhoneNumber_UsernameKey" ON "Users" ("UserPoolId", "PhoneNumber", "UsernameKey");

CREATE UNIQUE INDEX "IX_Users_UserPoolId_PreferredUsernameKey" ON "Users" ("UserPoolId", "PreferredUsernameKey");

CREATE INDEX "IX_Users_UserPoolId_PreferredUsername_UsernameKey" ON "Users" ("UserPoolId", "PreferredUsername", "UsernameKey");

CREATE INDEX "IX_Users_UserPoolId_Status_UsernameKey" ON "Users" ("UserPoolId", "Status", "UsernameKey");

CREATE UNIQUE INDEX "IX_Users_UserPoolId_Sub" ON "Users" ("UserPoolId", "Sub");

CREATE INDEX "IX_Users_UserPoolId_Username" ON "Users" ("UserPoolId", "Username");

CREATE UNIQUE INDEX "IX_Users_UserPoolId_UsernameKey" ON "Users" ("UserPoolId", "UsernameKey");

CREATE INDEX "IX_VerificationCodes_UserId_Purpose" ON "VerificationCodes" ("UserId", "Purpose");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126094641_Initial', '10.0.15');

CREATE TABLE "IdentityPools" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_IdentityPools" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    "Settings" TEXT NOT NULL
);

CREATE TABLE "IdentitySigningKeys" (
    "Kid" TEXT NOT NULL CONSTRAINT "PK_IdentitySigningKeys" PRIMARY KEY,
    "PrivateKeyCipher" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "IssuedCredentials" (
    "AccessKeyId" TEXT NOT NULL CONSTRAINT "PK_IssuedCredentials" PRIMARY KEY,
    "SecretKeyCipher" TEXT NOT NULL,
    "SessionTokenHash" TEXT NOT NULL,
    "RoleArn" TEXT NOT NULL,
    "RoleSessionName" TEXT NOT NULL,
    "Provider" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Audience" TEXT NULL,
    "IdentityId" TEXT NULL,
    "Amr" TEXT NOT NULL,
    "PrincipalTags" TEXT NOT NULL,
    "SessionPolicy" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL
);

CREATE TABLE "Identities" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Identities" PRIMARY KEY,
    "IdentityPoolId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Identities_IdentityPools_IdentityPoolId" FOREIGN KEY ("IdentityPoolId") REFERENCES "IdentityPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "IdentityLogins" (
    "IdentityPoolId" TEXT NOT NULL,
    "ProviderName" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "IdentityId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_IdentityLogins" PRIMARY KEY ("IdentityPoolId", "ProviderName", "Subject"),
    CONSTRAINT "FK_IdentityLogins_Identities_IdentityId" FOREIGN KEY ("IdentityId") REFERENCES "Identities" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Identities_IdentityPoolId_Id" ON "Identities" ("IdentityPoolId", "Id");

CREATE INDEX "IX_IdentityLogins_IdentityId" ON "IdentityLogins" ("IdentityId");

CREATE INDEX "IX_IssuedCredentials_ExpiresAt" ON "IssuedCredentials" ("ExpiresAt");

CREATE INDEX "IX_IssuedCredentials_IdentityId" ON "IssuedCredentials" ("IdentityId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126104859_IdentityPools', '10.0.15');

CREATE TABLE "RotatedRefreshTokens" (
    "TokenHash" TEXT NOT NULL CONSTRAINT "PK_RotatedRefreshTokens" PRIMARY KEY,
    "RefreshTokenId" TEXT NOT NULL,
    "ValidUntil" TEXT NOT NULL,
    CONSTRAINT "FK_RotatedRefreshTokens_RefreshTokens_RefreshTokenId" FOREIGN KEY ("RefreshTokenId") REFERENCES "RefreshTokens" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_RotatedRefreshTokens_RefreshTokenId" ON "RotatedRefreshTokens" ("RefreshTokenId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207005045_RefreshTokenRotation', '10.0.15');

CREATE TABLE "MasterKeyChecks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MasterKeyChecks" PRIMARY KEY,
    "Value" TEXT NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207005453_MasterKeyCheck', '10.0.15');

ALTER TABLE "AppClients" ADD "Secrets" TEXT NOT NULL DEFAULT '[]';

UPDATE "AppClients" SET "Secrets" = json_array(json_object(
    'Id', "Id" || '--' || CAST(ROUND((julianday("CreatedAt") - 2440587.5) * 86400000) AS INTEGER),
    'Cipher', "SecretCipher",
    'CreatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', "CreatedAt")))
WHERE "SecretCipher" IS NOT NULL;

ALTER TABLE "AppClients" DROP COLUMN "SecretCipher";

CREATE TABLE "ManagedLoginBrandings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ManagedLoginBrandings" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "UseCognitoProvidedValues" INTEGER NOT NULL,
    "Settings" TEXT NULL,
    "Assets" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ManagedLoginBrandings_AppClients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "AppClients" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ResourceServers" (
    "UserPoolId" TEXT NOT NULL,
    "Identifier" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Scopes" TEXT NOT NULL,
    CONSTRAINT "PK_ResourceServers" PRIMARY KEY ("UserPoolId", "Identifier"),
    CONSTRAINT "FK_ResourceServers_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Terms" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Terms" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "TermsName" TEXT NOT NULL,
    "TermsSource" TEXT NOT NULL,
    "Enforcement" TEXT NOT NULL,
    "Links" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Terms_AppClients_ClientId" FOREIGN KEY ("ClientId") REFERENCES "AppClients" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UICustomizations" (
    "UserPoolId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "Css" TEXT NULL,
    "Image" BLOB NULL,
    "ImageExtension" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "PK_UICustomizations" PRIMARY KEY ("UserPoolId", "ClientId"),
    CONSTRAINT "FK_UICustomizations_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UserPoolDomains" (
    "Domain" TEXT NOT NULL CONSTRAINT "PK_UserPoolDomains" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "IsCustom" INTEGER NOT NULL,
    "CertificateArn" TEXT NULL,
    "SecurityPolicy" TEXT NULL,
    "ManagedLoginVersion" INTEGER NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_UserPoolDomains_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_ManagedLoginBrandings_ClientId" ON "ManagedLoginBrandings" ("ClientId");

CREATE UNIQUE INDEX "IX_Terms_ClientId_TermsName" ON "Terms" ("ClientId", "TermsName");

CREATE INDEX "IX_Terms_UserPoolId_Id" ON "Terms" ("UserPoolId", "Id");

CREATE UNIQUE INDEX "IX_UserPoolDomains_UserPoolId_IsCustom" ON "UserPoolDomains" ("UserPoolId", "IsCustom");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207020050_OAuthManagement', '10.0.15');

ALTER TABLE "RefreshTokens" ADD "Scopes" TEXT NULL;

CREATE TABLE "AuthorizationCodes" (
    "CodeHash" TEXT NOT NULL CONSTRAINT "PK_AuthorizationCodes" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "RedirectUri" TEXT NOT NULL,
    "Scopes" TEXT NOT NULL,
    "Nonce" TEXT NULL,
    "CodeChallenge" TEXT NULL,
    "AuthTime" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    CONSTRAINT "FK_AuthorizationCodes_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LoginSessions" (
    "TokenHash" TEXT NOT NULL CONSTRAINT "PK_LoginSessions" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "AuthTime" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    CONSTRAINT "FK_LoginSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SpentFormTokens" (
    "Nonce" TEXT NOT NULL CONSTRAINT "PK_SpentFormTokens" PRIMARY KEY,
    "ExpiresAt" TEXT NOT NULL
);

CREATE INDEX "IX_AuthorizationCodes_ExpiresAt" ON "AuthorizationCodes" ("ExpiresAt");

CREATE INDEX "IX_AuthorizationCodes_UserId" ON "AuthorizationCodes" ("UserId");

CREATE INDEX "IX_LoginSessions_ExpiresAt" ON "LoginSessions" ("ExpiresAt");

CREATE INDEX "IX_LoginSessions_UserId" ON "LoginSessions" ("UserId");

CREATE INDEX "IX_SpentFormTokens_ExpiresAt" ON "SpentFormTokens" ("ExpiresAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207032448_ManagedLogin', '10.0.15');

CREATE TABLE "IdentityProviders" (
    "UserPoolId" TEXT NOT NULL,
    "ProviderName" TEXT NOT NULL,
    "ProviderType" TEXT NOT NULL,
    "ProviderDetails" TEXT NOT NULL,
    "AttributeMapping" TEXT NOT NULL,
    "IdpIdentifiers" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    CONSTRAINT "PK_IdentityProviders" PRIMARY KEY ("UserPoolId", "ProviderName"),
    CONSTRAINT "FK_IdentityProviders_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PendingFederatedSignIns" (
    "StateHash" TEXT NOT NULL CONSTRAINT "PK_PendingFederatedSignIns" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "ProviderName" TEXT NOT NULL,
    "AuthorizeParameters" TEXT NOT NULL,
    "Nonce" TEXT NULL,
    "SamlRequestId" TEXT NULL,
    "ExpiresAt" TEXT NOT NULL,
    CONSTRAINT "FK_PendingFederatedSignIns_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ProviderLinks" (
    "UserPoolId" TEXT NOT NULL,
    "ProviderName" TEXT NOT NULL,
    "ProviderAttributeName" TEXT NOT NULL,
    "ProviderAttributeValue" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Primary" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_ProviderLinks" PRIMARY KEY ("UserPoolId", "ProviderName", "ProviderAttributeName", "ProviderAttributeValue"),
    CONSTRAINT "FK_ProviderLinks_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SamlSigningCertificates" (
    "UserPoolId" TEXT NOT NULL CONSTRAINT "PK_SamlSigningCertificates" PRIMARY KEY,
    "Certificate" TEXT NOT NULL,
    "PrivateKeyCipher" TEXT NOT NULL,
    "NotAfter" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_SamlSigningCertificates_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SpentSamlAssertions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_SpentSamlAssertions" PRIMARY KEY,
    "ExpiresAt" TEXT NOT NULL
);

CREATE TABLE "IdpIdentifiers" (
    "UserPoolId" TEXT NOT NULL,
    "Identifier" TEXT NOT NULL,
    "ProviderName" TEXT NOT NULL,
    CONSTRAINT "PK_IdpIdentifiers" PRIMARY KEY ("UserPoolId", "Identifier"),
    CONSTRAINT "FK_IdpIdentifiers_IdentityProviders_UserPoolId_ProviderName" FOREIGN KEY ("UserPoolId", "ProviderName") REFERENCES "IdentityProviders" ("UserPoolId", "ProviderName") ON DELETE CASCADE
);

CREATE INDEX "IX_IdpIdentifiers_UserPoolId_ProviderName" ON "IdpIdentifiers" ("UserPoolId", "ProviderName");

CREATE INDEX "IX_PendingFederatedSignIns_ExpiresAt" ON "PendingFederatedSignIns" ("ExpiresAt");

CREATE INDEX "IX_PendingFederatedSignIns_UserPoolId" ON "PendingFederatedSignIns" ("UserPoolId");

CREATE INDEX "IX_ProviderLinks_UserId" ON "ProviderLinks" ("UserId");

CREATE INDEX "IX_SpentSamlAssertions_ExpiresAt" ON "SpentSamlAssertions" ("ExpiresAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207055335_Federation', '10.0.15');

ALTER TABLE "RefreshTokens" ADD "DeviceKey" TEXT NULL;

CREATE TABLE "Devices" (
    "DeviceKey" TEXT NOT NULL CONSTRAINT "PK_Devices" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "DeviceGroupKey" TEXT NOT NULL,
    "DeviceName" TEXT NULL,
    "SrpSalt" TEXT NOT NULL,
    "SrpVerifier" TEXT NOT NULL,
    "Remembered" INTEGER NOT NULL,
    "LastIpUsed" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ModifiedAt" TEXT NOT NULL,
    "LastAuthenticatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Devices_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Devices_UserId_DeviceKey" ON "Devices" ("UserId", "DeviceKey");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207070914_Devices', '10.0.15');

CREATE TABLE "WebAuthnCredentials" (
    "UserPoolId" TEXT NOT NULL,
    "CredentialId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "PublicKey" BLOB NOT NULL,
    "SignCount" INTEGER NOT NULL,
    "RelyingPartyId" TEXT NOT NULL,
    "AuthenticatorAttachment" TEXT NULL,
    "AuthenticatorTransports" TEXT NOT NULL,
    "FriendlyCredentialName" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_WebAuthnCredentials" PRIMARY KEY ("UserPoolId", "CredentialId"),
    CONSTRAINT "FK_WebAuthnCredentials_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_WebAuthnCredentials_UserId_CredentialId" ON "WebAuthnCredentials" ("UserId", "CredentialId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207071101_Passkeys', '10.0.15');

CREATE TABLE "LogDeliveryConfigurations" (
    "UserPoolId" TEXT NOT NULL CONSTRAINT "PK_LogDeliveryConfigurations" PRIMARY KEY,
    "LogConfigurations" TEXT NOT NULL,
    CONSTRAINT "FK_LogDeliveryConfigurations_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UserImportJobs" (
    "JobId" TEXT NOT NULL CONSTRAINT "PK_UserImportJobs" PRIMARY KEY,
    "UserPoolId" TEXT NOT NULL,
    "JobName" TEXT NOT NULL,
    "CloudWatchLogsRoleArn" TEXT NOT NULL,
    "PreSignedUrl" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "StartedAt" TEXT NULL,
    "CompletedAt" TEXT NULL,
    "ImportedUsers" INTEGER NOT NULL,
    "SkippedUsers" INTEGER NOT NULL,
    "FailedUsers" INTEGER NOT NULL,
    "CompletionMessage" TEXT NULL,
    "UploadId" TEXT NULL,
    "RowsRead" INTEGER NOT NULL,
    "Runner" TEXT NULL,
    "HeartbeatAt" TEXT NULL,
    CONSTRAINT "FK_UserImportJobs_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "UserImportCsvChunks" (
    "JobId" TEXT NOT NULL,
    "UploadId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Data" BLOB NOT NULL,
    CONSTRAINT "PK_UserImportCsvChunks" PRIMARY KEY ("JobId", "UploadId", "Sequence"),
    CONSTRAINT "FK_UserImportCsvChunks_UserImportJobs_JobId" FOREIGN KEY ("JobId") REFERENCES "UserImportJobs" ("JobId") ON DELETE CASCADE
);

CREATE INDEX "IX_UserImportJobs_Status" ON "UserImportJobs" ("Status");

CREATE INDEX "IX_UserImportJobs_UserPoolId_CreatedAt_JobId" ON "UserImportJobs" ("UserPoolId", "CreatedAt", "JobId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207071504_UserImportJobs', '10.0.15');

CREATE TABLE "AuthEvents" (
    "Number" INTEGER NOT NULL CONSTRAINT "PK_AuthEvents" PRIMARY KEY AUTOINCREMENT,
    "EventId" TEXT NOT NULL,
    "UserPoolId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "ClientId" TEXT NULL,
    "EventType" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "EventResponse" TEXT NOT NULL,
    "RiskDecision" TEXT NOT NULL,
    "RiskLevel" TEXT NULL,
    "CompromisedCredentialsDetected" INTEGER NOT NULL,
    "PasswordResponse" TEXT NULL,
    "MfaResponse" TEXT NULL,
    "IpAddress" TEXT NULL,
    "DeviceName" TEXT NULL,
    "DeviceKey" TEXT NULL,
    "FeedbackValue" TEXT NULL,
    "FeedbackProvider" TEXT NULL,
    "FeedbackDate" TEXT NULL,
    CONSTRAINT "FK_AuthEvents_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "RiskConfigurations" (
    "UserPoolId" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "Settings" TEXT NOT NULL,
    "LastModifiedDate" TEXT NOT NULL,
    CONSTRAINT "PK_RiskConfigurations" PRIMARY KEY ("UserPoolId", "ClientId"),
    CONSTRAINT "FK_RiskConfigurations_UserPools_UserPoolId" FOREIGN KEY ("UserPoolId") REFERENCES "UserPools" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_AuthEvents_EventId" ON "AuthEvents" ("EventId");

CREATE INDEX "IX_AuthEvents_UserId_Number" ON "AuthEvents" ("UserId", "Number");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207071642_ThreatProtection', '10.0.15');

ALTER TABLE "RefreshTokens" ADD "EventId" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207092616_RefreshTokenEventId', '10.0.15');

DROP INDEX "IX_Users_UserPoolId_Username";

CREATE INDEX "IX_Users_UserPoolId_Enabled_UsernameKey" ON "Users" ("UserPoolId", "Enabled", "UsernameKey");

CREATE INDEX "IX_Users_UserPoolId_Username_UsernameKey" ON "Users" ("UserPoolId", "Username", "UsernameKey");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207103209_ListUsersFilterIndexes', '10.0.15');

CREATE INDEX "IX_VerificationCodes_ExpiresAt" ON "VerificationCodes" ("ExpiresAt");

CREATE INDEX "IX_RotatedRefreshTokens_ValidUntil" ON "RotatedRefreshTokens" ("ValidUntil");

CREATE INDEX "IX_RefreshTokens_ExpiresAt" ON "RefreshTokens" ("ExpiresAt");

CREATE INDEX "IX_RefreshTokens_RevokedAt" ON "RefreshTokens" ("RevokedAt");

CREATE INDEX "IX_AuthSessions_ExpiresAt" ON "AuthSessions" ("ExpiresAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261207110319_HousekeepingIndexes', '10.0.15');

