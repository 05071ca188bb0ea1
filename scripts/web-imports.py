#!/usr/bin/env python3
"""Counts the imports between feature files of src/web/ (the kernel modules excluded). Usage: scripts/web-imports.py [src]"""
import re,glob,os,sys
root=sys.argv[1] if len(sys.argv)>1 else 'src'
kernel={'mod','extract','forms','access','files','layers','metrics'}
files=[p for p in glob.glob(root+'/web/*.rs')]
names={os.path.basename(p)[:-3] for p in files}|{'registrations'}
edges=set()
for p in files+glob.glob(root+'/web/registrations/*.rs'):
    me=os.path.basename(p)[:-3] if '/registrations/' not in p else 'registrations'
    if me in kernel: continue
    s=re.sub(r'//[^\n]*','',open(p).read())
    for m in re.finditer(r'(?:super|crate::web|super::super)::(\w+)', s):
        t=m.group(1)
        if t in names and t not in kernel and t!=me: edges.add((me,t))
    for g in re.finditer(r'(?:super|crate::web)::\{([^}]*)\}', s):
        for t in re.findall(r'\b(\w+)\b', g.group(1)):
            if t in names and t not in kernel and t!=me: edges.add((me,t))
print(len(edges),'imports between feature files of web/')
