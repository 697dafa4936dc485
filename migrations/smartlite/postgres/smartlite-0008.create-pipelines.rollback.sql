-- Undo smartlite-0008.create-pipelines: its statements in reverse, one for one.

DROP TRIGGER pipelines_set_updated_at ON pipelines;

DROP INDEX pipelines_user_id_fkey;

DROP TABLE pipelines;
