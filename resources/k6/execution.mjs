// Module "k6/execution": live views of the VU, scenario, instance and test (read through VuNative).
const n = __throttle;
const live = (obj, names, getter) => {
    for (const k of names) Object.defineProperty(obj, k, { enumerable: true, get: () => getter(k) });
    return obj;
};
const vu = live({}, ['idInInstance', 'idInTest', 'iterationInInstance', 'iterationInScenario'], k => n.execInfo('vu', k));
Object.defineProperty(vu, 'tags', { enumerable: true, get: () => n.vuTags() });
const scenario = live({}, ['name', 'executor', 'startTime', 'progress', 'iterationInInstance', 'iterationInTest'], k => n.execInfo('scenario', k));
const instance = live({}, ['currentTestRunDuration', 'iterationsCompleted', 'iterationsInterrupted', 'vusActive', 'vusInitialized'], k => n.execInfo('instance', k));
const test = {
    abort(reason) { n.abortTest(reason === undefined ? null : String(reason)); throw new Error('test aborted'); },
};
Object.defineProperty(test, 'options', { enumerable: true, get: () => n.testOptions() });
export { vu, scenario, instance, test };
export default { vu, scenario, instance, test };
