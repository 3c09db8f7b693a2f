#!/usr/bin/env python3
"""CPU seconds by thread name (digits folded) of one process while a command runs, and of its reaped children.
Usage: bench/thread-cpu.py PID COMMAND...   e.g. bench/thread-cpu.py $(pgrep -f lepton.jar) wrk -t2 -c64 -d20s -s bench/submit.lua URL
"""
import os,sys,re,collections,time,subprocess
pid=sys.argv[1]
def snap():
    r={}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name=open(f'/proc/{pid}/task/{t}/comm').read().strip()
            st=open(f'/proc/{pid}/task/{t}/stat').read()
            f=st[st.rfind(')')+2:].split()
            r[t]=(name,int(f[11])+int(f[12]))
        except Exception: pass
    return r
def proc_total():
    f=open(f'/proc/{pid}/stat').read(); f=f[f.rfind(')')+2:].split()
    return int(f[11])+int(f[12]),int(f[13])+int(f[14])
a=snap(); pa=proc_total(); t0=time.time()
out=subprocess.run(sys.argv[2:],capture_output=True,text=True).stdout
b=snap(); pb=proc_total(); dt=time.time()-t0
g=collections.Counter()
for t,(n,v) in b.items():
    g[re.sub(r'\d+','N',n)]+=v-a.get(t,(n,0))[1]
print(out.strip().splitlines()[-2:] if out else '')
print("wall %.1fs  process cpu %.1fs  children(reaped) cpu %.1fs"%(dt,(pb[0]-pa[0])/100,(pb[1]-pa[1])/100))
for k,v in g.most_common(15): print("%6.2fs %s"%(v/100,k))
