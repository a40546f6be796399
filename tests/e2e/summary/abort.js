// exec.test.abort() in the third iteration of one VU: k6 counts that iteration in
// `iterations` and `iteration_duration` (3, not 2) and exits with 108.
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';

const started = new Counter('iterations_started');

export const options = { vus: 1, iterations: 10 };

let n = 0;
export default function () {
  n++;
  started.add(1);
  if (n === 3) exec.test.abort('enough');
}
