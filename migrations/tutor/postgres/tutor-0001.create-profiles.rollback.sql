-- Undo tutor-0001.create-profiles: its statements in reverse, one for one.

DROP TABLE profiles;
