// User pool management through @aws-sdk/client-cognito-identity-provider, unmodified.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddCustomAttributesCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  ListUserPoolsCommand,
  paginateListUserPools,
  ResourceNotFoundException,
  SetUserPoolMfaConfigCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../support/server.js';
import { expectServiceError, idpClient, POOL_ID, UUID } from '../support/aws.js';

describe('user pools', () => {
  let server;
  let client;
  before(async () => {
    server = await startServer();
    client = idpClient(server.url);
  });
  after(async () => {
    client?.destroy();
    await server?.stop();
  });

  const createPool = async (PoolName, extra = {}) =>
    (await client.send(new CreateUserPoolCommand({ PoolName, ...extra }))).UserPool;

  test('CreateUserPool returns an AWS-shaped pool with defaults, dates as Date objects', async () => {
    const started = Date.now();
    const response = await client.send(new CreateUserPoolCommand({ PoolName: 'compat-create' }));
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.match(response.$metadata.requestId, UUID);

    const pool = response.UserPool;
    assert.match(pool.Id, POOL_ID);
    assert.equal(pool.Name, 'compat-create');
    assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool.Id}`);
    assert.ok(pool.CreationDate instanceof Date, 'CreationDate is a Date');
    assert.ok(pool.LastModifiedDate instanceof Date, 'LastModifiedDate is a Date');
    // Epoch seconds on the wire: allow for sub-second truncation and a little clock slack.
    assert.ok(Math.abs(pool.CreationDate.getTime() - started) < 60_000, `CreationDate ${pool.CreationDate.toISOString()} is now`);
    assert.equal(pool.DeletionProtection, 'INACTIVE');
    assert.equal(pool.MfaConfiguration, 'OFF');
    assert.deepEqual(pool.Policies.PasswordPolicy, {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    const names = pool.SchemaAttributes.map((a) => a.Name);
    for (const standard of ['sub', 'email', 'email_verified', 'phone_number', 'name', 'updated_at']) {
      assert.ok(names.includes(standard), `schema has ${standard}`);
    }
  });

  test('DescribeUserPool returns what CreateUserPool stored', async () => {
    const created = await createPool('compat-describe', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
      Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
      UserPoolTags: { env: 'test' },
    });
    const { UserPool: pool, $metadata } = await client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }));
    assert.match($metadata.requestId, UUID);
    assert.equal(pool.Id, created.Id);
    assert.equal(pool.Name, 'compat-describe');
    assert.deepEqual(pool.UsernameAttributes, ['email']);
    assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
    assert.equal(pool.Policies.PasswordPolicy.MinimumLength, 12);
    assert.equal(pool.Policies.PasswordPolicy.RequireSymbols, false);
    assert.equal(pool.EstimatedNumberOfUsers, 0);
    assert.deepEqual(pool.UserPoolTags, { env: 'test' });
    assert.ok(pool.SchemaAttributes.some((a) => a.Name === 'custom:team' && a.AttributeDataType === 'String'));
    assert.equal(pool.CreationDate.getTime(), created.CreationDate.getTime());
  });

  test('UpdateUserPool changes settings and LastModifiedDate', async () => {
    const created = await createPool('compat-update');
    const updated = await client.send(new UpdateUserPoolCommand({
      UserPoolId: created.Id,
      Policies: { PasswordPolicy: { MinimumLength: 10 } },
      AutoVerifiedAttributes: ['email'],
      UserPoolTags: { team: 'identity' },
    }));
    assert.equal(updated.$metadata.httpStatusCode, 200);
    const { UserPool: pool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }));
    assert.equal(pool.Policies.PasswordPolicy.MinimumLength, 10);
    assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
    assert.deepEqual(pool.UserPoolTags, { team: 'identity' });
    assert.equal(pool.Name, 'compat-update');
    assert.ok(pool.LastModifiedDate >= created.LastModifiedDate);
  });

  test('AddCustomAttributes adds custom: attributes and refuses duplicates', async () => {
    const created = await createPool('compat-custom');
    await client.send(new AddCustomAttributesCommand({
      UserPoolId: created.Id,
      CustomAttributes: [
        { Name: 'tier', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '1', MaxLength: '20' } },
        { Name: 'score', AttributeDataType: 'Number' },
      ],
    }));
    const { UserPool: pool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }));
    const tier = pool.SchemaAttributes.find((a) => a.Name === 'custom:tier');
    assert.deepEqual(tier.StringAttributeConstraints, { MinLength: '1', MaxLength: '20' });
    assert.equal(pool.SchemaAttributes.find((a) => a.Name === 'custom:score')?.AttributeDataType, 'Number');

    await expectServiceError(
      client.send(new AddCustomAttributesCommand({ UserPoolId: created.Id, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String' }] })),
      { name: 'InvalidParameterException', type: InvalidParameterException, status: 400, message: /custom:tier/ },
    );
  });

  test('Get/SetUserPoolMfaConfig round-trip, and MFA ON without a factor is refused', async () => {
    const created = await createPool('compat-mfa');
    const initial = await client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: created.Id }));
    assert.equal(initial.MfaConfiguration, 'OFF');

    const set = await client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: created.Id,
      SoftwareTokenMfaConfiguration: { Enabled: true },
      MfaConfiguration: 'OPTIONAL',
    }));
    assert.equal(set.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(set.SoftwareTokenMfaConfiguration, { Enabled: true });

    const got = await client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: created.Id }));
    assert.equal(got.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(got.SoftwareTokenMfaConfiguration, { Enabled: true });
    const { UserPool: pool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }));
    assert.equal(pool.MfaConfiguration, 'OPTIONAL');

    await expectServiceError(
      client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: created.Id, MfaConfiguration: 'ON' })),
      { name: 'InvalidParameterException', type: InvalidParameterException, status: 400 },
    );
  });

  test('TagResource, ListTagsForResource and UntagResource work on the pool ARN', async () => {
    const created = await createPool('compat-tags', { UserPoolTags: { keep: '1' } });
    await client.send(new TagResourceCommand({ ResourceArn: created.Arn, Tags: { env: 'prod', owner: 'team-a' } }));
    let { Tags } = await client.send(new ListTagsForResourceCommand({ ResourceArn: created.Arn }));
    assert.deepEqual(Tags, { keep: '1', env: 'prod', owner: 'team-a' });

    await client.send(new UntagResourceCommand({ ResourceArn: created.Arn, TagKeys: ['env', 'keep'] }));
    ({ Tags } = await client.send(new ListTagsForResourceCommand({ ResourceArn: created.Arn })));
    assert.deepEqual(Tags, { owner: 'team-a' });

    await expectServiceError(
      client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Missing00' })),
      { name: 'ResourceNotFoundException', type: ResourceNotFoundException, status: 404 },
    );
  });

  test('ListUserPools pages with NextToken, by hand and with the SDK paginator', async () => {
    const ids = new Set();
    for (let i = 0; i < 5; i++) ids.add((await createPool(`compat-page-${i}`)).Id);

    const seen = [];
    let NextToken;
    let pages = 0;
    do {
      const page = await client.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken }));
      assert.ok(page.UserPools.length <= 2, 'a page holds at most MaxResults pools');
      for (const pool of page.UserPools) {
        assert.ok(pool.CreationDate instanceof Date && pool.LastModifiedDate instanceof Date);
        seen.push(pool.Id);
      }
      NextToken = page.NextToken;
      pages++;
      assert.ok(pages < 100, 'pagination ends');
    } while (NextToken);
    assert.equal(new Set(seen).size, seen.length, 'no pool is listed twice');
    for (const id of ids) assert.ok(seen.includes(id), `${id} listed`);
    assert.ok(pages >= 3, `5+ pools in pages of 2 take 3+ pages (took ${pages})`);

    const viaPaginator = [];
    for await (const page of paginateListUserPools({ client, pageSize: 2 }, { MaxResults: 2 })) {
      viaPaginator.push(...page.UserPools.map((p) => p.Id));
    }
    assert.deepEqual(viaPaginator, seen);
  });

  test('ListUserPools validates MaxResults and NextToken', async () => {
    await expectServiceError(client.send(new ListUserPoolsCommand({ MaxResults: 61 })), {
      name: 'InvalidParameterException',
      type: InvalidParameterException,
      status: 400,
      message: "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
    await expectServiceError(client.send(new ListUserPoolsCommand({})), {
      name: 'InvalidParameterException',
      message: /Value null at 'maxResults' failed to satisfy constraint: Member must not be null/,
    });
    await expectServiceError(client.send(new ListUserPoolsCommand({ MaxResults: 5, NextToken: 'not-a-token' })), {
      name: 'InvalidParameterException',
    });
  });

  test('DeleteUserPool is refused while DeletionProtection is ACTIVE, then deletes', async () => {
    const created = await createPool('compat-protected', { DeletionProtection: 'ACTIVE' });
    assert.equal(created.DeletionProtection, 'ACTIVE');
    await expectServiceError(client.send(new DeleteUserPoolCommand({ UserPoolId: created.Id })), {
      name: 'InvalidParameterException',
      type: InvalidParameterException,
      status: 400,
      message: /deletion protection/i,
    });
    // The pool is still there.
    await client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }));

    await client.send(new UpdateUserPoolCommand({ UserPoolId: created.Id, DeletionProtection: 'INACTIVE' }));
    const deleted = await client.send(new DeleteUserPoolCommand({ UserPoolId: created.Id }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    await expectServiceError(client.send(new DescribeUserPoolCommand({ UserPoolId: created.Id })), {
      name: 'ResourceNotFoundException',
      type: ResourceNotFoundException,
    });
  });

  test('an unknown pool is ResourceNotFoundException on every pool operation', async () => {
    const UserPoolId = 'us-east-1_Missing00';
    const expected = { name: 'ResourceNotFoundException', type: ResourceNotFoundException, status: 404 };
    await expectServiceError(client.send(new DescribeUserPoolCommand({ UserPoolId })), {
      ...expected,
      message: `User pool ${UserPoolId} does not exist.`,
    });
    await expectServiceError(client.send(new UpdateUserPoolCommand({ UserPoolId })), expected);
    await expectServiceError(client.send(new DeleteUserPoolCommand({ UserPoolId })), expected);
    await expectServiceError(client.send(new GetUserPoolMfaConfigCommand({ UserPoolId })), expected);
    await expectServiceError(client.send(new SetUserPoolMfaConfigCommand({ UserPoolId, MfaConfiguration: 'OFF' })), expected);
    await expectServiceError(
      client.send(new AddCustomAttributesCommand({ UserPoolId, CustomAttributes: [{ Name: 'x', AttributeDataType: 'String' }] })),
      expected,
    );
  });

  test('malformed input is InvalidParameterException with the validation message', async () => {
    await expectServiceError(client.send(new CreateUserPoolCommand({})), {
      name: 'InvalidParameterException',
      type: InvalidParameterException,
      status: 400,
      message: "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
    });
    await expectServiceError(client.send(new DescribeUserPoolCommand({ UserPoolId: 'no-underscore' })), {
      name: 'InvalidParameterException',
      message: /at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    });
    await expectServiceError(client.send(new CreateUserPoolCommand({ PoolName: 'x', MfaConfiguration: 'SOMETIMES' })), {
      name: 'InvalidParameterException',
      message: /Member must satisfy enum value set: \[OFF, ON, OPTIONAL\]/,
    });
    await expectServiceError(
      client.send(new CreateUserPoolCommand({ PoolName: 'x', AliasAttributes: ['email'], UsernameAttributes: ['email'] })),
      { name: 'InvalidParameterException' },
    );
  });
});
