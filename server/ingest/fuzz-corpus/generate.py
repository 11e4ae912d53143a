import json
TS="2026-11-24T13:00:00.123Z"
def ev(sid, seq, typ, **kw):
    d={"session_id":sid,"seq":seq,"ts":TS,"type":typ}; d.update(kw); return d
def tu(sid, seq, **kw):
    base=dict(source="root",model="anthropic/claude-haiku-4-5",prompt_tokens=1200,completion_tokens=340,duration_ms=820); base.update(kw)
    return ev(sid,seq,"token_usage",**base)
J=lambda d: json.dumps(d, separators=(',',':'), ensure_ascii=False).encode()
files={}
s='corpus-malformed'
files['malformed.ndjson']=[J(tu(s,1)), J(tu(s,2))[:40], b'{', b'[]', b'null', b'"just a string"', b'42', b'{"session_id":"x","seq":1,}', b'{"seq": NaN}', b"{'single':'quotes'}", J(tu(s,3))+b' trailing', J(ev(s,4,'done'))]
s='corpus-types'
files['wrong-types.ndjson']=[J(tu(s,1)), J(tu(s,"2")), J(tu(s,-1)), J(tu(s,1.5)), J(tu(s,0)), J({**tu(s,3),"ts":"yesterday"}), J(tu(s,4,prompt_tokens="many")), J(ev(s,5,'tool_call_complete',tool_call_id='c',name='bash',output='ok',success="yes",duration_ms=3)), J({**tu(s,6),"session_id":42}), J({**tu(s,7),"session_id":"bad id!"}), J({**tu(s,8),"type":7}), J(tu(s,9,source="gpu")), J(ev(s,10,'text_chunk',text='a',delta='b')), J(ev(s,11,'done'))]
s='corpus-missing'
def drop(d,k): d=dict(d); del d[k]; return d
files['missing-fields.ndjson']=[J(drop(tu(s,1),'session_id')), J(drop(tu(s,2),'seq')), J(drop(tu(s,3),'ts')), J(drop(tu(s,4),'type')), J(drop(tu(s,5),'model')), J(ev(s,6,'compaction_failed',trace_id='9b2f8c1e-6d1a-4c1e-9c1a-2b3c4d5e6f70',reason='r',after_tokens=1,budget=2)), J(ev(s,7,'text_chunk')), J(tu(s,8))]
s='corpus-huge'
files['huge.ndjson']=[J(tu('h'*129,1)), J(ev(s,1,'text_complete',text='x'*30000)), J(ev(s,2,'text_complete',text='y'*100000)), J(ev(s,3,'text_complete',text='é'*40000)), J(tu(s,4,model='m'*5000)), J(ev(s,5,'done'))]
s='corpus-deep'
deep=b'['*20000+b']'*20000
meta=b'{"a":'*1000+b'"leaf"'+b'}'*1000
deepobj=b'{"a":'*20000+b'1'+b'}'*20000
head=lambda seq: ('{"session_id":"corpus-deep","seq":%d,"ts":"%s","type":"tool_call_metadata","tool_call_id":"c","name":"bash","metadata":' % (seq, TS)).encode()
# The event is depth 1, so metadata nested n objects deep makes an event n+1 deep: 128 is the maxEventDepth default.
nest=lambda n: b'{"a":'*n+b'1'+b'}'*n
# 10,000 deep: like the 12,000 the validation worker once acknowledged and every later read then failed on (issue 13), but under the size limit here.
files['deep-nesting.ndjson']=[deep, head(1)+meta+b'}', head(2)+deepobj+b'}', J(ev(s,3,'done')), head(4)+nest(127)+b'}', head(5)+nest(128)+b'}', head(6)+nest(9999)+b'}']
s='corpus-utf8'
ok=J(ev(s,1,'text_complete',text='AAAA'))
files['invalid-utf8.ndjson']=[b'\xef\xbb\xbf'+J(tu(s,1)), ok.replace(b'AAAA',b'A\xffA\xfe').replace(b'"seq":1',b'"seq":7'), ok.replace(b'AAAA',b'\xc0\xaf overlong').replace(b'"seq":1',b'"seq":2'), J(tu(s,3)).replace(b'{',b'{\xc3',1), J(tu(s,4)).replace(b',',b',\x00',1), ok.replace(b'AAAA',b'\xed\xa0\x80 lone surrogate').replace(b'"seq":1',b'"seq":5'), J(ev(s,6,'done'))]
s='corpus-unknown'
files['unknown-types.ndjson']=[J(ev(s,1,'future_thing',anything={"x":[1,2]})), J(ev(s,2,'')), J(ev(s,3,'Token_Usage')), J({**ev(s,4,'future_thing'),"v":99}), J({**ev(s,5,'future_thing'),"v":"two"}), J(ev(s,6,'done'))]
s='corpus-seq'
files['seq-backwards.ndjson']=[J(tu(s,5)), J(tu(s,3)), J(tu(s,5,prompt_tokens=1)), J(ev(s,2,'thinking')), J(ev(s,9,'thinking')), J(ev(s,1,'tool_call_start',tool_call_id='c',name='bash',arguments='{}')), J(ev(s,3,'done'))]
s='corpus-mixed'
files['mixed.ndjson']=[J(tu(s,1))+b'\r', b'', b'   ', J(tu(s,2,completion_tokens=None)), J(tu(s,3))+b'\r', b'\t', b'}{', J(ev(s,4,'text_chunk',delta='hi')), J(ev(s,5,'approval_request',approval_id='a',tool_call_id='c',tool='bash',action='run',resource='/',reason='why')), J(ev(s,6,'approval_request',approval_id='a')), J(ev(s,7,'done'))]
import os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
for name, lines in files.items():
    open(name,'wb').write(b'\n'.join(lines)+b'\n')
    print(name, len(lines))
