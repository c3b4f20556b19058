"""Answers from the static project index, in one agent's terms: how the index engine
(`orchestrator.engines.index`) and `agent consult`'s quick path answer a CONSULT question
without a model. `answer` composes them; `auth` reads questions about access; `skipped`
names the files an answer may miss."""
