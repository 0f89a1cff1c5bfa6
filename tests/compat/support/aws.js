// The JS SDK v3 client as an application configures it for CognitoLite, and how its errors are checked.
import assert from 'node:assert/strict';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

export const REGION = 'us-east-1';
export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'dummy-secret' };

/** A client pointed at the server: only `endpoint` differs from what an app uses against AWS. */
export function idpClient(url, credentials = DUMMY_CREDENTIALS) {
  return new CognitoIdentityProviderClient({ region: REGION, endpoint: url, credentials });
}

/**
 * Runs `promise`, expects it to fail the way the SDK reports a service error and returns that error.
 * @param {Promise<unknown>} promise
 * @param {{ name: string, type?: Function, status?: number, message?: RegExp | string }} expected
 */
export async function expectServiceError(promise, { name, type, status, message }) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error, `expected ${name}, but the call succeeded`);
  assert.equal(error.name, name, `error name (message: ${error.message})`);
  if (type) assert.ok(error instanceof type, `expected an instance of ${type.name}`);
  assert.equal(error.$fault, 'client');
  if (status) assert.equal(error.$metadata?.httpStatusCode, status);
  assert.match(error.$metadata?.requestId ?? '', /^[0-9a-f-]{36}$/, 'requestId from x-amzn-RequestId');
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
  return error;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const POOL_ID = /^us-east-1_[0-9A-Za-z]{9}$/;
