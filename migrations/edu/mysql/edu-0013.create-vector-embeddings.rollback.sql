-- Undo edu-0013.create-vector-embeddings: its statements in reverse, one for one.

DROP TABLE vector_embeddings;
