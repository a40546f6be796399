// Module "k6/execution": live views of the VU, scenario, instance and test (read through VuNative).
const n = __throttle;
const live = (obj, names, getter) => {
    for (const k of names) Object.defineProperty(obj, k, { enumerable: true, get: () => getter(k) });
    return obj;
};
const vu = live({}, ['idInInstance', 'idInTest', 'iterationInInstance', 'iterationInScenario'], k => n.execInfo('vu', k));
// exec.vu.tags and exec.vu.metrics.metadata: writable views whose writes go to the VU (validated
// there: k6's TypeError for other value types) and persist across iterations. Each read refreshes
// the view from the VU (the group tag changes as groups nest). Only set/delete are trapped: Qt 6.4
// mishandles Proxy ownKeys, so the target itself holds the current entries for enumeration.
function writableView(read, set, remove) {
    const target = {};
    const view = new Proxy(target, {
        set(t, k, v) { set(String(k), v); t[k] = String(v); return true; },
        deleteProperty(t, k) { remove(String(k)); delete t[k]; return true; },
    });
    return () => {
        const now = read();
        for (const k of Object.keys(target)) if (!(k in now)) delete target[k];
        for (const k of Object.keys(now)) target[k] = now[k];
        return view;
    };
}
const tagsView = writableView(() => n.vuTags(), (k, v) => n.setVuTag(k, v), k => n.deleteVuTag(k));
const metadataView = writableView(() => n.vuMetadata(), (k, v) => n.setVuMetadata(k, v), k => n.deleteVuMetadata(k));
Object.defineProperty(vu, 'tags', { enumerable: true, get: tagsView });
const vuMetrics = {};
Object.defineProperty(vuMetrics, 'tags', { enumerable: true, get: tagsView });
Object.defineProperty(vuMetrics, 'metadata', { enumerable: true, get: metadataView });
Object.defineProperty(vu, 'metrics', { enumerable: true, get: () => { n.vuTags(); return vuMetrics; } });
const scenario = live({}, ['name', 'executor', 'startTime', 'progress', 'iterationInInstance', 'iterationInTest'], k => n.execInfo('scenario', k));
const instance = live({}, ['currentTestRunDuration', 'iterationsCompleted', 'iterationsInterrupted', 'vusActive', 'vusInitialized'], k => n.execInfo('instance', k));
const test = {
    abort(reason) { n.abortTest(reason === undefined ? null : String(reason)); throw new Error('test aborted'); },
};
Object.defineProperty(test, 'options', { enumerable: true, get: () => n.testOptions() });
export { vu, scenario, instance, test };
export default { vu, scenario, instance, test };
