// Throughput benchmark: one tiny GET per iteration, no sleep, bodies discarded.
// Used by bench/run.sh; BASE_URL is passed with -e BASE_URL=http://127.0.0.1:PORT
import http from 'k6/http';

export const options = {
  discardResponseBodies: true,
};

export default function () {
  http.get(__ENV.BASE_URL + '/hello');
}
