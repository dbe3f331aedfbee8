// Moving the SSH target along when another Spark is picked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retargetSshTarget } from '../../../src/core/ssh/target';

test('another Spark picked: a target that names the old Spark moves to the new one (user and port kept); aliases and other hosts stay', () => {
  const old = ['spark-56d0', 'spark-56d0.tail1234.ts.net'];
  assert.equal(retargetSshTarget('sparkuser@spark-56d0.tail1234.ts.net', old, 'spark-9f1e.tail1234.ts.net'), 'sparkuser@spark-9f1e.tail1234.ts.net');
  assert.equal(retargetSshTarget('sparkuser@SPARK-56D0:2222', old, 'spark-9f1e.tail1234.ts.net'), 'sparkuser@spark-9f1e.tail1234.ts.net:2222');
  assert.equal(retargetSshTarget('spark-56d0.tail1234.ts.net.', old, 'spark-9f1e.tail1234.ts.net'), 'spark-9f1e.tail1234.ts.net');
  assert.equal(retargetSshTarget('spark-sim', old, 'spark-9f1e.tail1234.ts.net'), undefined, 'an ssh_config alias is the user\'s');
  assert.equal(retargetSshTarget('me@jumphost', old, 'spark-9f1e.tail1234.ts.net'), undefined);
  assert.equal(retargetSshTarget('', old, 'spark-9f1e.tail1234.ts.net'), undefined);
});
