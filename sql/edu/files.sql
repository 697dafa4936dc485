-- Files of a scenario (seed 003, scenario_files). file_path is the file's name in the upload
-- directory (EDU_UPLOAD_DIR); the bytes are written under a temporary name first, the row is
-- committed, then the file is renamed into place (service/apps/edu/files.py).

-- name: insert-file!
-- A file registered as pending, after its bytes are on disk under a temporary name.
INSERT INTO scenario_files (scenario_id, filename, file_type, file_size, file_path,
                            processing_status)
VALUES (:scenario_id, :filename, :file_type, :file_size, :file_path, 'pending');

-- name: get-file^
-- One file's row.
SELECT id, scenario_id, filename, file_type, file_size, file_path, processing_status,
       processing_metadata, created_at, updated_at
  FROM scenario_files
 WHERE id = :id;

-- name: list-files
-- A scenario's files, oldest first.
SELECT id, scenario_id, filename, file_type, file_size, file_path, processing_status,
       processing_metadata, created_at, updated_at
  FROM scenario_files
 WHERE scenario_id = :scenario_id
 ORDER BY id;

-- name: file-registered$
-- Whether a row names this stored file (the sweep keeps or removes a file by it).
SELECT COUNT(*)
  FROM scenario_files
 WHERE file_path = :file_path;

-- name: move-file!
-- A processing-status transition (service.states): only from one of :from_1..:from_3, so of two
-- concurrent moves one wins and the other learns the status it found. Sets the metadata when
-- :set_metadata.
UPDATE scenario_files
   SET processing_status = :to,
       processing_metadata = CASE WHEN :set_metadata THEN :processing_metadata
                                  ELSE processing_metadata END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND processing_status IN (:from_1, :from_2, :from_3);

-- name: get-file-status$
-- A file's processing status (after a transition that moved nothing: why).
SELECT processing_status
  FROM scenario_files
 WHERE id = :id;

-- name: delete-file!
-- Removes a file's row; the file itself is unlinked after the commit.
DELETE FROM scenario_files
 WHERE id = :id;
