// Throttle: the Babel driver, evaluated once in the Transpiler's engine after babel.min.js.
// Defines __throttleTranspile(source, fileName) returning either
//   { ok: true, code, imports }            imports: specifiers of import/export-from/import()
//   { ok: false, message, line, column, codeFrame }
// Plugins: exactly the syntax Qt 6.4's engine rejects (see ARCHITECTURE.md §5). ES module syntax
// is kept because the VU engines load the result with QJSEngine::importModule. Babel's helpers
// are inlined into each module (no runtime module to resolve), and lines are retained so stack
// traces point at the lines of the original file. Two more plugins of ours work around Qt 6.4
// engine bugs found while testing (fixNamedGroupMaps, noTailCalls); both say why below.
(function (global) {
    'use strict';

    var SYNTAX_PLUGINS = [
        'transform-object-rest-spread',          // {...a}, const {a, ...rest} = o
        'transform-class-properties',            // class A { x = 1; static y = 2 }
        'transform-private-methods',             // class A { #m() {} }
        'transform-private-property-in-object',  // #x in obj
        'transform-class-static-block',          // class A { static { } }
        'transform-async-generator-functions',   // async function*, for await (must precede async-to-generator)
        'transform-async-to-generator',          // async/await on top of native generators
        'transform-optional-catch-binding',      // catch {}
        'transform-numeric-separator',           // 1_000
        'transform-logical-assignment-operators',// a ??= b, a ||= b, a &&= b
        'transform-export-namespace-from',       // export * as ns from './x.js'
        'transform-dotall-regex',                // /./s
        'transform-unicode-property-regex',      // /\p{L}/u (parsed, but never matches)
        'transform-named-capturing-groups-regex' // /(?<year>\d+)/ (the engine parses it but loses .groups)
    ];

    // "/a/b/c.js" relative to directory "/a/x" -> "../b/c.js" (POSIX paths, both absolute).
    function relativePath(fromDir, to) {
        var from = fromDir.split('/').filter(Boolean);
        var target = to.split('/').filter(Boolean);
        var i = 0;
        while (i < from.length && i < target.length - 1 && from[i] === target[i])
            i++;
        var up = from.slice(i).map(function () { return '..'; });
        var rel = up.concat(target.slice(i)).join('/');
        return up.length ? rel : './' + rel;
    }

    // Absolute path of an absolute local specifier ("/x.js", "file:///x.js"), or null.
    function absoluteSpecifier(spec) {
        if (spec.indexOf('file://') === 0) {
            var rest = spec.slice('file://'.length);
            var slash = rest.indexOf('/');
            return slash < 0 ? null : decodeURIComponent(rest.slice(slash));
        }
        return spec.charAt(0) === '/' ? spec : null;
    }

    // A tiny plugin that records every module specifier the file depends on, and rewrites
    // absolute local ones relative to the importing file, so that a mirrored copy of the tree
    // (TranspiledTree) imports the mirrored copies rather than the untranspiled originals.
    function collectSpecifiers(list, fileName) {
        var fromDir = fileName.charAt(0) === '/' ? fileName.slice(0, fileName.lastIndexOf('/')) || '/' : null;
        return function (api) {
            var t = api.types;
            function record(sourcePath) {
                var spec = sourcePath.node.value;
                list.push(spec);
                var abs = fromDir === null ? null : absoluteSpecifier(spec);
                if (abs !== null)
                    sourcePath.replaceWith(t.stringLiteral(relativePath(fromDir, abs)));
            }
            function fromSource(path) {
                if (path.node.source)
                    record(path.get('source'));
            }
            return {
                visitor: {
                    ImportDeclaration: fromSource,
                    ExportNamedDeclaration: fromSource,
                    ExportAllDeclaration: fromSource,
                    CallExpression: function (path) {
                        var n = path.node;
                        if (n.callee.type === 'Import' && n.arguments.length === 1
                                && n.arguments[0].type === 'StringLiteral')
                            record(path.get('arguments.0'));
                    }
                }
            };
        };
    }

    // Qt 6.4 treats the literal {__proto__: null} as an own property named "__proto__" instead of
    // setting the prototype. Babel builds the named-groups map that way, so inside this engine the
    // map reaches _wrapRegExp as { ["__proto__"]: null, year: 1 } and exec() crashes on the bogus
    // group. Drop that key from the map (Babel never emits it for the same script under node).
    function fixNamedGroupMaps() {
        function isProtoKey(prop) {
            var k = prop.key;
            return prop.type === 'ObjectProperty'
                && ((k.type === 'StringLiteral' && k.value === '__proto__')
                    || (!prop.computed && k.type === 'Identifier' && k.name === '__proto__'));
        }
        var visitor = {
            CallExpression: function (path) {
                var n = path.node;
                if (n.callee.type !== 'Identifier' || n.callee.name.indexOf('_wrapRegExp') !== 0)
                    return;
                var map = n.arguments[1];
                if (map && map.type === 'ObjectExpression')
                    map.properties = map.properties.filter(function (p) { return !isProtoKey(p); });
            }
        };
        return function () {
            return { visitor: { Program: { exit: function (path) { path.traverse(visitor); } } } };
        };
    }

    // Qt 6.4 compiles a strict-mode `return f()` (all module code is strict) as a tail call, and a
    // tail-called generator function returns undefined instead of its generator object:
    // `function* g() {}  function make() { return g(); }` gives make() === undefined. Nothing
    // tells a generator call apart statically, so every call in tail position is moved out of it:
    // `return f()` becomes `return (_ret = f(), _ret)` (one var per function, no allocation), and
    // a concise arrow body `() => f()` gets a block first.
    function noTailCalls() {
        return function (api) {
            var t = api.types;
            function endsInCall(node) {
                switch (node.type) {
                case 'CallExpression':
                case 'OptionalCallExpression':
                case 'TaggedTemplateExpression':
                    return true;
                case 'ParenthesizedExpression':
                    return endsInCall(node.expression);
                case 'SequenceExpression':
                    return endsInCall(node.expressions[node.expressions.length - 1]);
                case 'LogicalExpression':
                    return endsInCall(node.right);
                case 'ConditionalExpression':
                    return endsInCall(node.consequent) || endsInCall(node.alternate);
                default:
                    return false;
                }
            }
            var temps = new WeakMap();
            function tempFor(scope) {
                var fn = scope.getFunctionParent() || scope.getProgramParent();
                var id = temps.get(fn.block);
                if (!id) {
                    id = fn.generateUidIdentifier('ret');
                    fn.push({ id: id });
                    temps.set(fn.block, id);
                }
                return t.cloneNode(id);
            }
            return {
                visitor: {
                    ReturnStatement: function (path) {
                        var arg = path.node.argument;
                        if (!arg || !endsInCall(arg))
                            return;
                        var id = tempFor(path.scope);
                        path.get('argument').replaceWith(t.sequenceExpression([
                            t.assignmentExpression('=', id, arg), t.cloneNode(id)]));
                    },
                    ArrowFunctionExpression: function (path) {
                        var body = path.node.body;
                        if (body.type !== 'BlockStatement' && endsInCall(body))
                            path.get('body').replaceWith(t.blockStatement([t.returnStatement(body)]));
                    }
                }
            };
        };
    }

    // Babel's message reads "<file>: <reason> (<line>:<col>)\n<code frame>"; split it so the
    // caller can rebuild k6's "SyntaxError: <file>: <reason> (<line>:<col>)" + code frame.
    function syntaxError(e, fileName) {
        var text = String(e && e.message !== undefined ? e.message : e);
        // Babel resolves a relative file name against its cwd ("/"), hence the second form.
        [fileName + ': ', '/' + fileName + ': '].forEach(function (prefix) {
            if (text.indexOf(prefix) === 0)
                text = text.slice(prefix.length);
        });
        var nl = text.indexOf('\n');
        var message = nl < 0 ? text : text.slice(0, nl);
        var frame = nl < 0 ? '' : text.slice(nl + 1).replace(/^\n+/, '');
        return {
            ok: false,
            message: message,
            line: e && e.loc ? e.loc.line : 0,
            column: e && e.loc ? e.loc.column : 0,
            codeFrame: frame
        };
    }

    global.__throttleTranspile = function (source, fileName) {
        var imports = [];
        try {
            var out = Babel.transform(source, {
                filename: fileName,
                sourceType: 'module',
                babelrc: false,
                configFile: false,
                highlightCode: false,
                retainLines: true,
                compact: false,
                sourceMaps: false,
                plugins: SYNTAX_PLUGINS.concat([collectSpecifiers(imports, fileName), fixNamedGroupMaps(), noTailCalls()])
            });
            return { ok: true, code: out.code, imports: imports };
        } catch (e) {
            return syntaxError(e, fileName);
        }
    };
})(typeof globalThis !== "undefined" ? globalThis : this);
