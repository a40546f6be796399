// Externally controlled, one VU whose iteration is a busy loop of BUSY_MS (default 60 s): a pause
// waits for it, a stop or the end of the duration must cut it.
export const options = {
  scenarios: { ext: { executor: 'externally-controlled', vus: 1, maxVUs: 2, duration: __ENV.DURATION || '0' } },
};
export default function () {
  console.log('busy iteration');
  const until = Date.now() + Number(__ENV.BUSY_MS || 60000);
  while (Date.now() < until) {}
}
