// setup() and teardown() that throw, for the 500 answers of POST /v1/setup and /v1/teardown.
export const options = { scenarios: { ext: { executor: 'externally-controlled', vus: 1, maxVUs: 1, duration: '0' } } };
export function setup() { if (__ENV.BOOM) throw new Error('boom-setup'); return 1; }
export default function () {}
export function teardown() { throw new Error('boom-teardown'); }
