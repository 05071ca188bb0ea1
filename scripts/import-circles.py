#!/usr/bin/env python3
"""Measures the house (issue 29): import circles between files of src/ (strongly connected
components of crate::/super:: references, comments and tests excluded). Usage: scripts/import-circles.py [src]"""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
files = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)[:-3]
            parts = rel.split('/')
            if parts[-1] in ('mod', 'lib', 'main'): parts = parts[:-1]
            files['::'.join(parts)] = p
mods = set(files)
def resolve(path):
    parts = path.split('::')
    for i in range(len(parts), 0, -1):
        m = '::'.join(parts[:i])
        if m in mods: return m
    return None
edges = {m: set() for m in mods}
for m, p in files.items():
    s = open(p).read()
    s = re.sub(r'//[^\n]*', '', s)
    s = re.sub(r'#\[cfg\(test\)\]\s*mod tests\s*\{.*', '', s, flags=re.S)
    # expand `use crate::x::{a, b::c}` groups one level
    for g in re.finditer(r'crate::((?:\w+::)*)\{([^{}]*)\}', s):
        for item in g.group(2).split(','):
            item = item.strip().split(' as ')[0]
            if item:
                t = resolve((g.group(1) + item).rstrip(':'))
                if t and t != m: edges[m].add(t)
    for r in re.finditer(r'crate::((?:\w+)(?:::\w+)*)', s):
        t = resolve(r.group(1))
        if t and t != m and not m.startswith(t + '::') : edges[m].add(t)
    # super:: references
    for r in re.finditer(r'super::(\w+)', s):
        base = m.rsplit('::', 1)[0] if '::' in m else ''
        if p.endswith('mod.rs'): base = m.rsplit('::',1)[0] if '::' in m else ''
        t = resolve((base + '::' if base else '') + r.group(1))
        if t and t != m: edges[m].add(t)
# Tarjan
index = {}; low = {}; stack = []; on = set(); sccs = []; i = [0]
sys.setrecursionlimit(10000)
def sc(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v: break
        if len(c) > 1: sccs.append(sorted(c))
for v in sorted(mods):
    if v not in index: sc(v)
print(f'{len(sccs)} import circles')
for c in sorted(sccs, key=len, reverse=True):
    print(len(c), ' '.join(c) if len(c) < 15 else ' '.join(c[:15]) + ' ...')
