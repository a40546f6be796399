// Memory-at-scale benchmark: one tiny GET then a 1 s sleep per iteration, so most VUs are idle
// and peak RSS reflects what each VU holds, not throughput. Used by bench/run.sh.
import http from 'k6/http';
import { sleep } from 'k6';

export const options = {
  discardResponseBodies: true,
};

export default function () {
  http.get(__ENV.BASE_URL + '/hello');
  sleep(1);
}
