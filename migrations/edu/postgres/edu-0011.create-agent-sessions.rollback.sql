-- Undo edu-0011.create-agent-sessions: its statements in reverse, one for one.

DROP TABLE agent_sessions;
