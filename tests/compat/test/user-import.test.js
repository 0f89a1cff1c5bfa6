// A user import as a migration script runs it against AWS: @aws-sdk/client-cognito-identity-provider for the job, the
// CSV written with GetCSVHeader's columns and sent to the job's PreSignedUrl by fetch PUT, unmodified.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  PreconditionNotMetException,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient } from '../support/aws.js';
import { createPoolWithClient, FAST_HASHING, latestCode, PASSWORD } from '../support/users.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/CognitoImportRole';
const ENDED = ['Succeeded', 'Failed', 'Stopped', 'Expired'];

const signIn = (idp, ClientId, USERNAME, PASSWORD) =>
  idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME, PASSWORD } }));

/** The CSV of these users under the header: each column's value, or nothing. A comma in a value is written `\,`. */
const csvOf = (header, users) =>
  [header.join(','), ...users.map((user) => header.map((column) => (user[column] ?? '').replaceAll(',', '\\,')).join(','))].join('\n') + '\n';

describe('user import', () => {
  let server;
  let idp;
  before(async () => {
    server = await startServer({ env: FAST_HASHING });
    idp = idpClient(server.url);
  });
  after(async () => {
    idp?.destroy();
    await server?.stop();
  });

  /** DescribeUserImportJob until the job has ended (a bounded loop; nothing is timed). */
  async function ended(UserPoolId, JobId) {
    for (let attempt = 0; attempt < 3000; attempt++) {
      const { UserImportJob } = await idp.send(new DescribeUserImportJobCommand({ UserPoolId, JobId }));
      if (ENDED.includes(UserImportJob.Status)) return UserImportJob;
      await delay(20);
    }
    throw new Error(`import job ${JobId} did not end`);
  }

  test('a CSV with GetCSVHeader columns, PUT to the PreSignedUrl, imports RESET_REQUIRED users who reset their password', async () => {
    const { poolId, clientId } = await createPoolWithClient(idp, {
      pool: { Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] },
      appClient: { PreventUserExistenceErrors: 'LEGACY' },
    });
    const { CSVHeader: header } = await idp.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
    assert.deepEqual(header.slice(-3), ['custom:team', 'cognito:mfa_enabled', 'cognito:username']);
    assert.ok(header.includes('email') && header.includes('email_verified'));

    const csv = csvOf(header, [
      { 'cognito:username': 'alice', 'cognito:mfa_enabled': 'FALSE', email: 'alice@example.com', email_verified: 'TRUE',
        name: 'Liddell, Alice', 'custom:team': 'red', birthdate: '05/04/1852' },
      { 'cognito:username': 'bob', 'cognito:mfa_enabled': 'false', email: 'bob@example.com', email_verified: 'true' },
      { 'cognito:username': 'carol', 'cognito:mfa_enabled': 'FALSE', email: 'carol@example.com', email_verified: 'FALSE' },
    ]);

    const { UserImportJob: created } = await idp.send(new CreateUserImportJobCommand({
      UserPoolId: poolId, JobName: 'compat import', CloudWatchLogsRoleArn: ROLE_ARN,
    }));
    assert.match(created.JobId, /^import-[0-9A-Za-z]{10}$/);
    assert.equal(created.Status, 'Created');
    assert.ok(created.CreationDate instanceof Date);
    assert.ok(created.PreSignedUrl.startsWith(`${server.url}/_import/${poolId}/${created.JobId}?`), created.PreSignedUrl);

    const upload = await fetch(created.PreSignedUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/csv', 'x-amz-server-side-encryption': 'aws:kms' },
      body: csv,
    });
    assert.equal(upload.status, 200);
    assert.match(upload.headers.get('etag'), /^"[0-9a-f]{32}"$/);

    const { UserImportJob: started } = await idp.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: created.JobId }));
    assert.equal(started.Status, 'Pending');
    assert.ok(started.StartDate instanceof Date);
    await expectServiceError(idp.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: created.JobId })),
      { name: 'PreconditionNotMetException', type: PreconditionNotMetException, status: 400 });

    const job = await ended(poolId, created.JobId);
    assert.equal(job.Status, 'Succeeded');
    assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [2, 0, 1]);
    assert.equal(job.CompletionMessage, 'Import Job Completed Successfully.');
    assert.ok(job.CompletionDate instanceof Date);

    const { UserImportJobs } = await idp.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 10 }));
    assert.deepEqual(UserImportJobs.map((j) => [j.JobId, j.Status]), [[created.JobId, 'Succeeded']]);

    const alice = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(alice.UserStatus, 'RESET_REQUIRED');
    const attributes = Object.fromEntries(alice.UserAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.name, 'Liddell, Alice');
    assert.equal(attributes['custom:team'], 'red');
    assert.equal(attributes.birthdate, '1852-05-04');

    await assert.rejects(signIn(idp, clientId, 'alice', PASSWORD), { name: 'PasswordResetRequiredException' });
    const forgot = await idp.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'alice' }));
    assert.equal(forgot.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    await idp.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'alice', ConfirmationCode: await latestCode(server.url, poolId, 'alice'), Password: PASSWORD,
    }));
    const signedIn = await signIn(idp, clientId, 'alice', PASSWORD);
    assert.ok(signedIn.AuthenticationResult.AccessToken);
  });

  test('the PreSignedUrl refuses a PUT without the signed header or with another signature, as S3 does', async () => {
    const { poolId } = await createPoolWithClient(idp);
    const { UserImportJob: job } = await idp.send(new CreateUserImportJobCommand({
      UserPoolId: poolId, JobName: 'refused', CloudWatchLogsRoleArn: ROLE_ARN,
    }));
    const put = (url, headers) => fetch(url, { method: 'PUT', headers, body: 'cognito:username\n' });

    for (const refused of [
      await put(job.PreSignedUrl, {}),
      await put(job.PreSignedUrl.replace(/Signature=[0-9a-f]+/, 'Signature=00'), { 'x-amz-server-side-encryption': 'aws:kms' }),
    ]) {
      assert.equal(refused.status, 403);
      assert.match(await refused.text(), /<Error><Code>SignatureDoesNotMatch<\/Code><Message>[^<]+<\/Message>/);
    }
  });
});
