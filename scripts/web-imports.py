#!/usr/bin/env python3
"""Counts the imports between feature folders of src/web/ (the kernel: its top-level files and
access/), and lists them; 0 is what tests/app/architecture.rs holds. Usage: scripts/web-imports.py [src]"""
import re, glob, os, sys
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
web = os.path.join(root, 'web')
folders = {os.path.basename(d) for d in glob.glob(web + '/*') if os.path.isdir(d)} - {'access'}
edges = set()
for f in folders:
    for p in glob.glob(f'{web}/{f}/**/*.rs', recursive=True):
        s = re.sub(r'//[^\n]*', '', open(p).read())
        cut = re.search(r'^#\[cfg\(test\)\]', s, re.M)
        s = s[:cut.start()] if cut else s
        up = 'super::' if p.endswith('/mod.rs') else 'super::super::'
        for pre in ('crate::web::', up):
            for m in re.finditer(re.escape(pre) + r'(\{[^;]*?\}|\w+)', s):
                names = re.findall(r'(?:^|[{,]\s*)(\w+)', m.group(1)) if m.group(1).startswith('{') else [m.group(1)]
                for t in names:
                    if t in folders and t != f:
                        edges.add((f, t, os.path.relpath(p, web)))
for e in sorted(edges):
    print(f'{e[2]}: {e[0]} -> {e[1]}')
print(len(edges), 'imports between feature folders of web/;', len(folders), 'folders,',
      len([p for p in os.listdir(web) if p.endswith('.rs')]), 'files at the top (the kernel)')
