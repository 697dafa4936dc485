-- Undo edu-0008.create-conversation-logs: its statements in reverse, one for one.

DROP TABLE conversation_logs;
