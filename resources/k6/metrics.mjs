// Module "k6/metrics": custom metrics backed by the run's MetricsEngine through VuNative.
const n = __throttle;

class Metric {
    constructor(type, name, isTime) {
        this._id = n.metricDeclare(type, String(name), !!isTime);
        Object.defineProperty(this, 'name', { value: String(name), enumerable: true });
    }
    add(value, tags) {
        if (value === undefined)
            throw new Error("no value was provided for metric '" + this.name + "', a number or a boolean value is expected");
        return n.metricAdd(this._id, value, tags === undefined ? null : tags);
    }
}
export class Counter extends Metric { constructor(name, isTime) { super(0, name, isTime); } }
export class Gauge extends Metric { constructor(name, isTime) { super(1, name, isTime); } }
export class Rate extends Metric { constructor(name, isTime) { super(2, name, isTime); } }
export class Trend extends Metric { constructor(name, isTime) { super(3, name, isTime); } }
export default { Counter, Gauge, Rate, Trend };
