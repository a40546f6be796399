// Paused before the start (--paused): setup() is run over POST /v1/setup and makes one request.
import http from 'k6/http';
export const options = { vus: 2, iterations: 2 };
export function setup() {
  http.get(`${__ENV.BASE_URL}/ok`);
  return { ready: true };
}
export default function () {}
