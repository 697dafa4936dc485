-- Undo edu-0010.create-conversation-summaries: its statements in reverse, one for one.

DROP TABLE conversation_summaries;
