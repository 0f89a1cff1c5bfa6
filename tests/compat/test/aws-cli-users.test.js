// User administration through the AWS CLI (botocore underneath): admin-create-user, admin-get-user and
// list-users with a filter and with the CLI's own pagination, against the published server.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AdminCreateUserCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { aws, AWS, assertCliTime } from '../support/cli.js';
import { startServer } from '../support/server.js';
import { idpClient, UUID } from '../support/aws.js';
import { FAST_HASHING } from '../support/users.js';


/** `aws cognito-idp <command> ...` against the server; returns the parsed JSON output (or null when there is none). */
async function idp(server, command, ...args) {
  const run = await aws(['cognito-idp', command, ...args,
    '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json']);
  assert.equal(run.status, 0, `aws cognito-idp ${command} failed:\n${run.stderr}`);
  return run.stdout.trim() === '' ? null : JSON.parse(run.stdout);
}

const attributeMap = (attributes) => Object.fromEntries(attributes.map(({ Name, Value }) => [Name, Value]));

describe('AWS CLI user administration', () => {
  let server;
  let sdk;
  let poolId;
  // Set-up goes through the JS SDK: each CLI run costs seconds of Python start-up, so the CLI runs only what is checked.
  const createUser = (Username, email) => sdk.send(new AdminCreateUserCommand({
    UserPoolId: poolId,
    Username,
    MessageAction: 'SUPPRESS',
    ...(email ? { UserAttributes: [{ Name: 'email', Value: email }] } : {}),
  }));
  before(async () => {
    assert.ok(existsSync(AWS), `${AWS} is missing: apt-get install -y awscli (test.sh does this)`);
    server = await startServer({ env: FAST_HASHING });
    sdk = idpClient(server.url);
    poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'compat-cli-users' }))).UserPool.Id;
  });
  after(async () => {
    sdk?.destroy();
    await server?.stop();
  });

  test('admin-create-user returns the new user in FORCE_CHANGE_PASSWORD with its attributes', async () => {
    const created = await idp(server, 'admin-create-user', '--user-pool-id', poolId, '--username', 'cli-alice',
      '--user-attributes', 'Name=email,Value=cli.alice@example.com', 'Name=email_verified,Value=true', 'Name=given_name,Value=Alice',
      '--temporary-password', 'Temp0rary!', '--message-action', 'SUPPRESS');

    assert.equal(created.User.Username, 'cli-alice');
    assert.equal(created.User.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(created.User.Enabled, true);
    // botocore turns epoch seconds into timestamps it prints as ISO-8601 text.
    assertCliTime(created.User.UserCreateDate);
    assertCliTime(created.User.UserLastModifiedDate);
    const attributes = attributeMap(created.User.Attributes);
    assert.match(attributes.sub, UUID);
    assert.equal(attributes.email, 'cli.alice@example.com');
    assert.equal(attributes.email_verified, 'true');
    assert.equal(attributes.given_name, 'Alice');
  });

  test('admin-get-user returns the user as created, and a missing user exits with UserNotFoundException', async () => {
    await createUser('cli-gina', 'cli.gina@example.com');

    const user = await idp(server, 'admin-get-user', '--user-pool-id', poolId, '--username', 'cli-gina');

    assert.equal(user.Username, 'cli-gina');
    assert.equal(user.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(user.Enabled, true);
    assertCliTime(user.UserCreateDate);
    const attributes = attributeMap(user.UserAttributes);
    assert.match(attributes.sub, UUID);
    assert.equal(attributes.email, 'cli.gina@example.com');

    const missing = await aws(['cognito-idp', 'admin-get-user', '--user-pool-id', poolId, '--username', 'nobody',
      '--endpoint-url', server.url, '--region', 'us-east-1']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /An error occurred \(UserNotFoundException\) when calling the AdminGetUser operation: User does not exist\./);
  });

  test('list-users --filter \'email = "..."\' returns only the matching user', async () => {
    await createUser('cli-filter-one', 'filter.one@example.com');
    await createUser('cli-filter-two', 'filter.two@example.com');

    const listed = await idp(server, 'list-users', '--user-pool-id', poolId, '--filter', 'email = "filter.one@example.com"');

    assert.deepEqual(listed.Users.map((u) => u.Username), ['cli-filter-one']);
    assert.equal(attributeMap(listed.Users[0].Attributes).email, 'filter.one@example.com');
    assert.equal(listed.Users[0].UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(listed.PaginationToken, undefined);
  });

  test('list-users follows PaginationToken to the last page when the CLI paginates', async () => {
    const names = ['cli-page-0', 'cli-page-1', 'cli-page-2', 'cli-page-3', 'cli-page-4'];
    for (const name of names) await createUser(name);

    // --page-size sends Limit=2: the CLI keeps asking while a PaginationToken comes back (three pages here),
    // stops at the page without one, and merges them; --attributes-to-get rides along on every page.
    const all = await idp(server, 'list-users', '--user-pool-id', poolId, '--filter', 'username ^= "cli-page-"',
      '--page-size', '2', '--attributes-to-get', 'sub');
    assert.deepEqual(all.Users.map((u) => u.Username).sort(), names);
    for (const user of all.Users) assert.deepEqual(user.Attributes.map((a) => a.Name), ['sub']);
    assert.equal(all.PaginationToken, undefined);
  });
});
