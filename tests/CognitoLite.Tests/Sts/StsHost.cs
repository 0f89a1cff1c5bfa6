using CognitoLite.Tests.Infrastructure;

namespace CognitoLite.Tests.Sts;

/// <summary>
/// A host with a manual clock and two declared roles: NotesUser (the DynamoDB per-identity example, a trust policy for
/// authenticated identities of <see cref="WebIdentityTokens.PoolId"/>, 12-hour sessions) and Open (no trust policy, no
/// permissions). Roles not declared are still assumable.
/// </summary>
public abstract class StsHost : ManualClockHost
{
    public const string Account = "123456789012";
    public const string NotesRole = "arn:aws:iam::123456789012:role/NotesUser";
    public const string OpenRole = "arn:aws:iam::123456789012:role/service-role/Open";
    public const string NotesTable = "arn:aws:dynamodb:us-east-1:123456789012:table/Notes";

    public const string NotesPolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "OwnNotes",
              "Effect": "Allow",
              "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem"],
              "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Notes",
              "Condition": { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"] } }
            },
            { "Sid": "NeverDelete", "Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*" },
            { "Sid": "TeamFiles", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/${aws:PrincipalTag/team}/*" }
          ]
        }
        """;

    public const string NotesTrust = """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": "cognito-identity.amazonaws.com" },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
              "StringEquals": { "cognito-identity.amazonaws.com:aud": "us-east-1:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" },
              "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" }
            }
          }]
        }
        """;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CognitoLite:Roles:0:RoleArn"] = NotesRole,
        ["CognitoLite:Roles:0:Policies:0"] = NotesPolicy,
        ["CognitoLite:Roles:0:TrustPolicy"] = NotesTrust,
        ["CognitoLite:Roles:0:MaxSessionDuration"] = "43200",
        ["CognitoLite:Roles:1:RoleArn"] = OpenRole,
    };
}

public sealed class StsHost<TStore> : StsHost where TStore : IStoreChoice
{
    public override Store Store => TStore.Store;
}
