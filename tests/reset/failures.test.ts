import assert from 'node:assert/strict';
import { AppError, ErrorCodes, GraphError } from '../../src/errors';
import { passwordMayHaveChanged, resetFailureCode } from '../../src/reset/failures';

const graph = (code: GraphError['code'], status: number, ambiguous = false): GraphError =>
  new GraphError(code, status, 'Code', 'rid', 'message', ambiguous);

describe('reset/failures: what a failed password change means for the admin', () => {
  it('a 400 to the password PATCH is the tenant password policy, never a generic "bad request"', () => {
    assert.equal(resetFailureCode(graph(ErrorCodes.GRAPH_BAD_REQUEST, 400)), ErrorCodes.PASSWORD_REJECTED);
  });

  it('a 5xx, timeout or dropped connection may have changed the password: it says so', () => {
    for (const error of [
      graph(ErrorCodes.GRAPH_UNAVAILABLE, 503, true),
      graph(ErrorCodes.GRAPH_UNAVAILABLE, 0, true),
    ]) {
      const code = resetFailureCode(error);
      assert.equal(code, ErrorCodes.GRAPH_UNAVAILABLE);
      assert.equal(passwordMayHaveChanged(code), true);
    }
  });

  it('a refusal keeps its own code and means the password did not change', () => {
    const cases: [GraphError, string][] = [
      [graph(ErrorCodes.GRAPH_DENIED, 403), ErrorCodes.GRAPH_DENIED],
      [graph(ErrorCodes.GRAPH_THROTTLED, 429), ErrorCodes.GRAPH_THROTTLED],
      [graph(ErrorCodes.GRAPH_NOT_FOUND, 404), ErrorCodes.GRAPH_NOT_FOUND],
      [graph(ErrorCodes.GRAPH_AUTH_FAILED, 401), ErrorCodes.GRAPH_AUTH_FAILED],
    ];
    for (const [error, expected] of cases) {
      assert.equal(resetFailureCode(error), expected);
      assert.equal(passwordMayHaveChanged(expected), false, expected);
    }
    assert.equal(passwordMayHaveChanged(ErrorCodes.PASSWORD_REJECTED), false);
    assert.equal(passwordMayHaveChanged(undefined), false);
  });

  it('our own failures keep their code; anything else is INTERNAL', () => {
    assert.equal(
      resetFailureCode(new AppError(ErrorCodes.STORAGE_UNAVAILABLE)),
      ErrorCodes.STORAGE_UNAVAILABLE,
    );
    assert.equal(resetFailureCode(new Error('boom')), ErrorCodes.INTERNAL);
  });
});
